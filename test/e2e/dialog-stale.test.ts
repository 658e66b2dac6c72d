/**
 * The send dialog never shows something stale (issue 15): errors that clear once fixed and sit on
 * their fields, a login linked while the dialog is open, "Already sent" gone after this send, Sign now
 * gone after signing; and a dead login offers Reconnect, then Retry sends exactly one envelope.
 * Chromium, the real companion server and the DocuSign simulator.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { sha256 } from '../support/fixture-files.ts';
import { linkLogin, openPopup, resetExtension, screenshot, signInThrough, startCompanion, useServer, type Companion } from './auth-world.ts';
import { dialogFrame, inDialogView, openDialogFor } from './content-pages.ts';
import { describeInBrowser, test, waitFor, type ExtensionHarness } from './harness.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

const ROWS = { msa: 0, order: 1 } as const;
const FILES = { msa: 'msa.pdf', order: 'order-form.docx' } as const;

function open(page: Page, harness: ExtensionHarness, pagesUrl: string, doc: keyof typeof ROWS): Promise<Frame> {
  return openDialogFor(page, harness, pagesUrl, (p) => p.locator('tr.attachment-row').nth(ROWS[doc]), sha256(FILES[doc]));
}

const envelopesFor = (file: string) => companion.sim.sim.control.envelopes().filter((e) => e.documents.some((d) => d.sha256 === sha256(file)));

async function envelopeId(dialog: Frame): Promise<string> {
  await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
  return (await dialog.getByTestId('envelope-id').textContent()) ?? '';
}

describeInBrowser('the send dialog shows nothing stale', () => {
  test('every error at once, each on its field; the focus goes to the first; a fixed field clears', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await open(page, harness, pages.url('crm-record.html'), 'msa');
    await dialog.getByLabel('Subject').fill('');
    for (let i = 2; i <= 5; i++) {
      await dialog.getByRole('button', { name: 'Add CC' }).click();
      await dialog.getByLabel(`Recipient ${i} name`).fill(`Person ${i}`);
      await dialog.getByLabel(`Recipient ${i} email`).fill(i === 4 ? 'person4-at-acme.example' : `person${i}@acme.example`);
    }
    const before = envelopesFor(FILES.msa).length;
    await dialog.getByRole('button', { name: 'Send' }).click();

    const wrong = dialog.getByLabel('Recipient 4 email');
    await expect.poll(() => wrong.getAttribute('aria-invalid', { timeout: 500 }), { timeout: 10_000 }).toBe('true');
    const described = (await wrong.getAttribute('aria-describedby')) ?? '';
    expect(await dialog.locator(`[id="${described}"]`).textContent()).toBe('The email address of recipient 4 is not valid.');
    expect(await dialog.getByLabel('Subject').getAttribute('aria-invalid')).toBe('true');
    // Both errors are on screen at once, and only the wrong fields are marked.
    expect(await dialog.locator('[aria-invalid="true"]').count()).toBe(2);
    expect(await dialog.getByText('The subject is empty.').count()).toBe(1);
    expect(await wrong.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'dialog-errors-five-recipients');

    // Filling the subject in clears its error right away; fixing the email clears the last one.
    await dialog.getByLabel('Subject').fill('Please sign the MSA');
    await expect.poll(() => dialog.getByText('The subject is empty.').count(), { timeout: 5_000 }).toBe(0);
    expect(await dialog.getByLabel('Subject').getAttribute('aria-invalid')).toBeNull();
    await wrong.fill('person4@acme.example');
    await expect.poll(() => dialog.locator('[aria-invalid="true"]').count(), { timeout: 5_000 }).toBe(0);
    expect(envelopesFor(FILES.msa)).toHaveLength(before);
    await page.close();
  });

  test('a login linked from the popup while the dialog is open shows in the dialog, which then sends', async ({ harness, pages }) => {
    await resetExtension(harness);
    await harness.context.clearCookies();
    await useServer(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await open(page, harness, pages.url('crm-record.html'), 'order');
    await expect.poll(() => dialog.getByRole('button', { name: 'Connect DocuSign' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);

    const popup = await openPopup(harness);
    await signInThrough(harness, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click(), 'alice@example.com', 'alice-demo');
    await popup.close();

    await expect.poll(() => dialog.getByRole('button', { name: 'Connect DocuSign' }).count(), { timeout: 10_000 }).toBe(0);
    expect(await dialog.getByText('Link your DocuSign login', { exact: false }).count()).toBe(0);
    expect(await dialog.getByLabel('Send from').count()).toBe(1);
    const before = envelopesFor(FILES.order).length;
    await dialog.getByRole('button', { name: 'Send' }).click();
    const id = await envelopeId(dialog);
    expect(envelopesFor(FILES.order).map((e) => e.envelopeId)).toContain(id);
    expect(envelopesFor(FILES.order)).toHaveLength(before + 1);
    await page.close();
  });

  test('a sign-in tab opened from the dialog and closed unfinished: the dialog says so, and Connect works again', async ({ harness, pages }) => {
    await resetExtension(harness);
    await harness.context.clearCookies();
    await useServer(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await open(page, harness, pages.url('crm-record.html'), 'order');
    const connect = dialog.getByRole('button', { name: 'Connect DocuSign' });
    await expect.poll(() => connect.count(), { timeout: 10_000 }).toBe(1);
    const [tab] = await Promise.all([harness.context.waitForEvent('page', { timeout: 15_000 }), connect.click()]);
    await expect.poll(() => connect.isDisabled({ timeout: 500 }), { timeout: 10_000 }).toBe(true);
    await tab.close();
    await expect.poll(() => dialog.getByRole('alert').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('sign-in tab was closed')]);
    expect(await dialog.getByRole('status').filter({ hasText: 'Finish signing in' }).count()).toBe(0);
    expect(await connect.isEnabled()).toBe(true);
    await screenshot(page, 'dialog-sign-in-tab-closed');
    await page.close();
  });

  test('"Already sent" stands before a second send and is gone once it succeeded', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const key = `${pages.origin}/crm-record.html|${pages.url(`files/${FILES.msa}`)}`;
    await harness.writeLocalItem('sentDocuments', { [key]: { envelopeId: 'aaaaaaaa-0000-4000-8000-000000000001', at: 1 } });
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    // The page button says "Sent …" now; a click on it opens the document's status, and "Send again" the form.
    await page.locator('tr.attachment-row').first().getByRole('button', { name: /sent/i }).click();
    const dialog = await dialogFrame(page, harness);
    await dialog.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 10_000 }).toBe(sha256(FILES.msa));
    expect(await dialog.getByText('Already sent from this page', { exact: false }).textContent()).toContain('aaaaaaaa-0000-4000-8000-000000000001');
    await dialog.getByRole('button', { name: 'Send' }).click();
    const id = await envelopeId(dialog);
    expect(id).not.toBe('aaaaaaaa-0000-4000-8000-000000000001');
    expect(await dialog.getByText('Already sent', { exact: false }).count()).toBe(0);
    await page.close();
  });

  test('after signing, Sign now is gone and "Signed." stays', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await open(page, harness, pages.url('crm-record.html'), 'order');
    await dialog.getByLabel('signs now on this device').check();
    await dialog.getByRole('button', { name: 'Send' }).click();
    const id = await envelopeId(dialog);
    const signer = envelopesFor(FILES.order).find((e) => e.envelopeId === id)?.recipients.signers[0];
    const [tab] = await Promise.all([harness.context.waitForEvent('page'), dialog.getByRole('button', { name: 'Sign now: Ada Lovelace' }).click()]);
    await tab.getByRole('button', { name: 'Sign', exact: true }).click();
    await waitFor(() => tab.url().includes('event=signing_complete'), 'the return with signing_complete', 15_000);
    const status = dialog.getByTestId(`signing-${signer?.recipientId ?? ''}`);
    await expect.poll(() => status.textContent({ timeout: 500 }), { timeout: 15_000 }).toBe('Signed.');
    expect(await dialog.getByRole('button', { name: /^Sign now/ }).count()).toBe(0);
    expect(await dialog.getByText('Invalid envelope status', { exact: false }).count()).toBe(0);
    await screenshot(page, 'dialog-signed');
    await tab.close();
    await page.close();
  });

  test('a revoked login: the send fails, the dialog offers Reconnect; Reconnect, then Retry: exactly one envelope', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    // DocuSign revokes every token it gave this browser (the user withdrew access, say).
    for (const token of companion.sim.sim.control.tokensIssued()) companion.sim.sim.control.revokeToken(token);
    const page = await harness.context.newPage();
    const dialog = await open(page, harness, pages.url('crm-record.html'), 'msa');
    const before = envelopesFor(FILES.msa).length;
    await dialog.getByRole('button', { name: 'Send' }).click();
    const reconnect = dialog.getByRole('button', { name: 'Reconnect' });
    await expect.poll(() => reconnect.count(), { timeout: 20_000 }).toBe(1);
    expect(await dialog.getByTestId('connection').textContent()).toContain('DocuSign no longer accepts the login of Alice Adams');
    // The way back stands where the failure is, beside Retry (which cannot help yet), not scrolled away by
    // "Send from" at the top of a long form; and it is said once.
    expect(await dialog.getByRole('alert').allTextContents()).toEqual([expect.stringContaining('DocuSign no longer accepts the login of Alice Adams')]);
    expect(await inDialogView(reconnect)).toBe(true);
    await expect.poll(() => dialog.getByRole('button', { name: 'Retry' }).isDisabled({ timeout: 500 }), { timeout: 10_000 }).toBe(true);
    expect(envelopesFor(FILES.msa)).toHaveLength(before);
    await screenshot(page, 'dialog-reconnect');

    // DocuSign's own session is still live: the reconnect tab signs in without a password and closes.
    const [tab] = await Promise.all([harness.context.waitForEvent('page', { timeout: 15_000 }), reconnect.click()]);
    await waitFor(() => tab.isClosed(), 'the extension to close the reconnect tab', 20_000);
    await expect.poll(() => dialog.getByText('Reconnected. Retry sends the envelope.').count(), { timeout: 15_000 }).toBe(1);
    expect(await reconnect.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Retry' }).click();
    const id = await envelopeId(dialog);
    const created = envelopesFor(FILES.msa);
    expect(created).toHaveLength(before + 1);
    expect(created.at(-1)?.envelopeId).toBe(id);
    await page.close();
  });
});
