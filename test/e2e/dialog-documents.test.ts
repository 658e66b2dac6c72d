/**
 * Issue 13, part 0, in Chromium against the real companion server and the DocuSign simulator: from the
 * CRM record, the dialog of the first attachment adds the page's second attachment ("Add from this
 * page": fetched by the content script in the page's context) and a file from this computer, reorders
 * them and sends one envelope; DocuSign holds exactly those three documents, byte for byte, in that
 * order, and both page documents' buttons say Sent.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { checkFrameInBothSchemes } from '../support/a11y.ts';
import { sha256 } from '../support/fixture-files.ts';
import { eventually, linkAlice, startCompanion, type Companion } from './auth-world.ts';
import { clickToClose, openDialogFor } from './content-pages.ts';
import { describeInBrowser, ROOT, test } from './harness.ts';
import { stateOf } from './status-world.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

describeInBrowser('dialog: several documents in one envelope', () => {
  test('a second page document and a file from the computer, reordered: one envelope with the three, in order; both page buttons say sent', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const msa = pages.url('files/msa.pdf');
    const orderForm = pages.url('files/order-form.docx');
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), sha256('msa.pdf'));
    const rows = dialog.getByTestId('send-document');
    const order = async () => rows.evaluateAll((items) => items.map((li) => li.getAttribute('data-sha256')));
    await expect.poll(() => dialog.getByText('in this order, up to 10, 25 MB each, 59 MB in all').count()).toBe(1);

    // The page's other documents, as the content script detected them; the one already in the envelope is not offered.
    await dialog.getByRole('button', { name: 'Add from this page' }).click();
    const offered = dialog.getByRole('list', { name: 'Other documents on this page' });
    await eventually(() => offered.getByRole('button').allTextContents()).toEqual(['Add Order form.docx', 'Add pricing.pdf']);
    await offered.getByRole('button', { name: 'Add Order form.docx' }).click();
    await eventually(order).toEqual([sha256('msa.pdf'), sha256('order-form.docx')]);
    await eventually(() => offered.getByRole('button').allTextContents()).toEqual(['Add pricing.pdf']);

    await dialog.getByTestId('document-file').setInputFiles(join(ROOT, 'test/pages/files/terms.docx'));
    await eventually(order).toEqual([sha256('msa.pdf'), sha256('order-form.docx'), sha256('terms.docx')]);

    // Reorder to: order form, terms, MSA.
    await dialog.getByRole('button', { name: 'Move up: Order form.docx' }).click();
    await dialog.getByRole('button', { name: 'Move down: Master Services Agreement.pdf' }).click();
    const expected = [sha256('order-form.docx'), sha256('terms.docx'), sha256('msa.pdf')];
    await eventually(order).toEqual(expected);
    expect(await dialog.getByRole('button', { name: 'Move up: Order form.docx' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('button', { name: 'Move down: Master Services Agreement.pdf' }).isDisabled()).toBe(true);
    await dialog.getByTestId('send-document').first().scrollIntoViewIfNeeded();
    expect(await checkFrameInBothSchemes(page, dialog, 'dialog-documents')).toEqual({ light: [], dark: [] });

    await dialog.getByRole('button', { name: 'Send' }).click();
    await eventually(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 })).toMatch(/^[0-9a-f-]{36}$/);
    const envelopeId = await dialog.getByTestId('envelope-id').textContent();
    const envelope = companion.sim.sim.control.envelopes().find((e) => e.envelopeId === envelopeId);
    expect(envelope?.documents.map((d) => d.sha256)).toEqual(expected);
    expect(envelope?.documents.map((d) => d.documentId)).toEqual(['1', '2', '3']);

    await clickToClose(page, dialog.getByRole('button', { name: 'Done' }));
    await eventually(() => stateOf(page, msa)).toBe('sent');
    await eventually(() => stateOf(page, orderForm)).toBe('sent');
    expect(await stateOf(page, pages.url('files/pricing.pdf'))).toBe('idle');
    // After a reload too: the worker recorded both page documents.
    await page.reload();
    await eventually(() => stateOf(page, orderForm)).toBe('sent');
    await page.close();
  });
});
