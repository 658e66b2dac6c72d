/**
 * SMS delivery and SMS authentication from the dialog in Chromium, against the real companion server and
 * the simulator: the page's phone is prefilled, a number without its country code is refused in the
 * dialog (nothing sent), and a valid one reaches DocuSign as `deliveryMethod: "SMS"`, `phoneNumber` and
 * the account's SMS identity-verification workflow.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { checkFrameInBothSchemes } from '../support/a11y.ts';
import { eventually, linkLogin, startCompanion, type Companion } from './auth-world.ts';
import { openDialogFor } from './content-pages.ts';
import { describeInBrowser, ROOT, test } from './harness.ts';

const SHOTS = join(ROOT, 'test-results/screenshots');
const msa = createHash('sha256').update(readFileSync(join(ROOT, 'test/pages/files/msa.pdf'))).digest('hex');

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await companion.close();
});

describeInBrowser('dialog: SMS delivery and SMS authentication', () => {
  test("the page's phone, an invalid number refused in the dialog, then SMS delivery and SMS authentication at DocuSign", async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), msa);
    const phone = dialog.getByLabel('Recipient 1 phone');
    // By e-mail with no extra check, no phone is used, so none is shown beside those choices.
    await eventually(() => dialog.getByLabel('Recipient 1 delivery').count()).toBe(1);
    expect(await phone.count()).toBe(0);
    await dialog.getByLabel('Recipient 1 delivery').selectOption('sms');
    expect(await phone.inputValue()).toBe('+1 555 555 0100');
    await dialog.getByLabel('Recipient 1 identity check').selectOption('sms');
    // Each control has a visible caption, and its accessible name contains the caption's words.
    const captions = await dialog.getByTestId('phone-options').locator('label').evaluateAll((labels) =>
      labels.map((label) => {
        const control = label.querySelector('select, input');
        return [label.querySelector('.caption')?.textContent ?? '', control?.getAttribute('aria-label') ?? ''];
      }),
    );
    expect(captions.map(([caption]) => caption)).toEqual(['Delivery', 'Identity check', 'Phone']);
    for (const [caption, name] of captions) expect(name?.toLowerCase()).toContain(caption?.toLowerCase());

    await phone.fill('0151 2345678');
    await eventually(() => phone.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: join(SHOTS, 'dialog-sms-invalid-phone.png') });
    // axe, light and dark, with the captions, the phone and its error shown (screenshots dialog-sms-phone-*).
    expect(await checkFrameInBothSchemes(page, dialog, 'dialog-sms-phone')).toEqual({ light: [], dark: [] });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await eventually(async () => (await dialog.locator('body').textContent()) ?? '').toContain('Enter the phone number with its country code');
    expect(companion.sim.sim.control.envelopes()).toHaveLength(0);

    await phone.fill('+1 (415) 555-0100');
    await eventually(() => phone.getAttribute('aria-invalid')).toBe('false');
    await page.screenshot({ path: join(SHOTS, 'dialog-sms-valid-phone.png') });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await eventually(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 })).toMatch(/^[0-9a-f-]{36}$/);
    const [envelope] = companion.sim.sim.control.envelopes();
    const signer = envelope?.recipients.signers[0];
    expect(signer).toMatchObject({ deliveryMethod: 'SMS', phoneNumber: { countryCode: '1', number: '4155550100' } });
    expect(signer?.reach.identityVerification).toMatchObject({ workflowId: '6f0ae3a5-7f2d-4f4b-93c7-4b6e3a5c2a10' });
  });
});
