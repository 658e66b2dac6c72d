/**
 * axe-core on the send dialog in each of its states (prefilled, errors, sending, sent, signing,
 * failed), in light and dark: zero serious or critical violations, and a screenshot of every state in
 * both schemes in test-results/screenshots/ for review.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { sha256 } from '../support/fixture-files.ts';
import { checkFrameInBothSchemes } from '../support/a11y.ts';
import { linkLogin, startCompanion, type Companion } from './auth-world.ts';
import { openDialogFor } from './content-pages.ts';
import { describeInBrowser, test, type ExtensionHarness } from './harness.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

const CREATE_ENVELOPE = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;

async function open(harness: ExtensionHarness, url: string, row: number, file: string): Promise<{ page: Page; dialog: Frame }> {
  const page = await harness.context.newPage();
  await page.setViewportSize({ width: 1024, height: 760 });
  const dialog = await openDialogFor(page, harness, url, (p) => p.locator('tr.attachment-row').nth(row), sha256(file));
  return { page, dialog };
}

/** axe in the dialog's frame, in both schemes: no serious or critical finding. */
async function expectAccessible(page: Page, dialog: Frame, name: string): Promise<void> {
  const found = await checkFrameInBothSchemes(page, dialog, `dialog-${name}`);
  expect(found, name).toEqual({ light: [], dark: [] });
}

describeInBrowser('the send dialog is accessible in every state, light and dark', () => {
  test('prefilled, errors, sending, sent, signing, failed', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const record = pages.url('crm-record.html');
    const sim = companion.sim.sim.control;

    let { page, dialog } = await open(harness, record, 0, 'msa.pdf');
    await expectAccessible(page, dialog, 'prefilled');

    await dialog.getByLabel('Subject').fill('');
    await dialog.getByLabel('Recipient 1 email').fill('ada-at-acme');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByTestId('form-errors').count(), { timeout: 10_000 }).toBe(1);
    await expectAccessible(page, dialog, 'errors');
    await page.close();

    // Failed: DocuSign keeps answering 500 to the envelope creation.
    sim.inject({ method: 'POST', path: CREATE_ENVELOPE, mode: 'error500', count: 20 });
    ({ page, dialog } = await open(harness, record, 1, 'order-form.docx'));
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByRole('button', { name: 'Retry' }).count(), { timeout: 30_000 }).toBe(1);
    await expectAccessible(page, dialog, 'failed');
    sim.clearFaults();

    // Sent, then signing (the DocuSign tab open), from the same dialog.
    await dialog.getByLabel('signs now on this device').check();
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    await expectAccessible(page, dialog, 'sent');
    const [tab] = await Promise.all([harness.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Sign now: Ada Lovelace' }).click()]);
    await expect.poll(() => dialog.getByText('Signing in the DocuSign tab…').count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(page, dialog, 'signing');
    await tab.close();
    await page.close();

    // Sending: DocuSign does not answer the envelope creation.
    sim.inject({ method: 'POST', path: CREATE_ENVELOPE, mode: 'hang' });
    ({ page, dialog } = await open(harness, record, 0, 'msa.pdf'));
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.locator('progress').count(), { timeout: 10_000 }).toBe(1);
    await expectAccessible(page, dialog, 'sending');
    sim.clearFaults();
    await page.close();
  });
});
