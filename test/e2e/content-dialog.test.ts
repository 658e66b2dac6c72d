import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buttonStates, buttonTargets, dialogFrame, escapeToClose, SEND_BUTTON } from './content-pages.ts';
import { describeInBrowser, ROOT, test, waitFor } from './harness.ts';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(join(ROOT, 'test/pages/files', file))).digest('hex');

describeInBrowser('content script: the send dialog', () => {
  test('a trusted click opens the dialog prefilled from the page, with the page’s document bytes', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    // The page cannot stand in for the opener the worker injects at the first click (src/content/opener.ts):
    // the content script looks for it in its isolated world's global object, not in the page's `window`.
    await page.evaluate(() => {
      const own = window as unknown as Record<string, unknown>;
      own['signbridgeOpener'] = {
        openSendDialog: () => ((own['hijacked'] = true), Promise.resolve({ ok: true })),
        readFields: () => ((own['hijacked'] = true), {}),
      };
    });
    const row = page.locator('tr.attachment-row').first();
    await row.getByRole('button', { name: SEND_BUTTON }).click();
    const dialog = await dialogFrame(page, harness);
    expect(await page.evaluate(() => (window as unknown as Record<string, unknown>)['hijacked'])).toBeUndefined();

    await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 10_000 }).toBe(sha256('msa.pdf'));
    expect(await dialog.getByTestId('document-name').textContent()).toBe('Master Services Agreement.pdf');
    expect(await dialog.getByTestId('document-meta').textContent()).toContain(`PDF · ${readFileSync(join(ROOT, 'test/pages/files/msa.pdf')).length} B`);
    expect(await dialog.getByLabel('Recipient 1 name').inputValue()).toBe('Ada Lovelace');
    expect(await dialog.getByLabel('Recipient 1 email').inputValue()).toBe('ada@acme.example');
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Please sign: Master Services Agreement.pdf (Acme Corp — Platform renewal 2026)');
    expect(await dialog.getByLabel('Message').inputValue()).toContain('(Acme Corp, $48,000.00)');
    // Nothing to send from yet: the dialog offers Connect DocuSign instead of a Send that cannot work.
    expect(await dialog.getByTestId('connection').textContent()).toContain('Link your DocuSign login');
    expect(await dialog.getByRole('button', { name: 'Connect DocuSign' }).count()).toBe(1);

    // The dialog's host is closed to the page; the frame's document is another origin.
    expect(await page.evaluate(() => document.querySelector('[data-signbridge="dialog"]')?.shadowRoot)).toBeNull();
    expect(await page.evaluate(() => window.frames.length > 0 ? (() => { try { return window.frames[0]?.document.title; } catch { return 'blocked'; } })() : 'no frames')).not.toBe('Send for signature');

    // Add a CC with a routing order; Send stays off without a login to send from.
    await dialog.getByRole('button', { name: 'Add CC' }).click();
    await dialog.getByLabel('Recipient 2 name').fill('Charles Babbage');
    await dialog.getByLabel('Recipient 2 email').fill('charles@acme.example');
    expect(await dialog.getByLabel('Recipient 2 routing order').inputValue()).toBe('2');
    expect(await dialog.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);

    // Escape closes it and gives the button back.
    await escapeToClose(page, dialog.getByLabel('Subject'));
    expect((await buttonStates(page))[pages.url('files/msa.pdf')]).toBe('idle');
    await page.close();
  });

  test('a send session is claimed once: a second copy of the dialog in the tab gets nothing', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    await page.locator('tr.attachment-row').nth(1).getByRole('button', { name: SEND_BUTTON }).click();
    const dialog = await dialogFrame(page, harness);
    await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 10_000 }).toBe(sha256('order-form.docx'));
    // A second copy of the same dialog URL in the same tab gets nothing: the session was claimed once.
    const url = dialog.url();
    await page.evaluate((src) => {
      const copy = document.createElement('iframe');
      copy.src = src;
      copy.id = 'copy';
      document.body.append(copy);
    }, url);
    const copy = await waitFor(() => page.frames().find((f) => f.url() === url && f !== dialog), 'the copy');
    await expect.poll(() => copy.getByRole('alert').textContent({ timeout: 500 }), { timeout: 10_000 }).toContain('expired');
    await page.close();
  });

  test('"Sent" is persisted per page and document: a reload shows it', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    const worker = await harness.serviceWorker();
    const key = `${pages.origin}/crm-record.html|${pages.url('files/order-form.docx')}`;
    await harness.writeLocalItem('sentDocuments', { [key]: { envelopeId: 'env-1', at: 1 } });
    await page.reload();
    await expect.poll(() => buttonStates(page), { timeout: 10_000 }).toEqual({
      [pages.url('files/msa.pdf')]: 'idle',
      [pages.url('files/order-form.docx')]: 'sent',
      [pages.url('files/pricing.pdf')]: 'idle',
    });
    expect(await page.locator('tr.attachment-row').nth(1).getByRole('button').textContent()).toMatch(/^Sent, /);
    // Another page with the same document is not affected.
    await page.goto(pages.url('dms-library.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 4, 'library buttons');
    expect(Object.values(await buttonStates(page))).not.toContain('sent');
    await worker.evaluate(() => chrome.storage.local.remove('sentDocuments'));
    await page.close();
  });

  test('the hostile page: synthetic clicks do nothing, it cannot read the dialog, its forged messages are refused', async ({ harness, pages }) => {
    const sessions = async () => Object.keys((await harness.readState<Record<string, unknown> | undefined>('session', 'dialogSessions')) ?? {}).length;
    const sessionsBefore = await sessions();
    const page = await harness.context.newPage();
    await page.goto(`${pages.url('hostile.html')}?ext=${harness.extensionId}`);
    type Report = {
      syntheticClicks: number; dialogHostSeen: boolean; dialogShadowRoot: string; frameReads: string[];
      forgedPosts: number; portReplies: string[]; leakedUrls: string[]; ownFrames: number; framesVisible: number;
    };
    const report = () => page.evaluate(() => (window as unknown as { hostile: Report }).hostile);
    await waitFor(async () => (await report()).syntheticClicks >= 40, 'the page to click the button from script');
    expect(await page.locator('[data-signbridge="dialog"]').count()).toBe(0);
    expect(await sessions()).toBe(sessionsBefore);

    // A real click opens the dialog; the page keeps attacking it.
    await page.getByRole('button', { name: SEND_BUTTON }).click();
    const dialog = await dialogFrame(page, harness);
    await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 10_000 }).toBe(sha256('contract.pdf'));
    await waitFor(async () => (await report()).forgedPosts >= 20, 'forged posts');
    const seen = await report();
    expect(seen.dialogHostSeen).toBe(true);
    expect(seen.dialogShadowRoot).toBe('closed');
    // The real dialog is not even among window.frames (its iframe is in a closed shadow tree): the
    // only frame the page reaches is the copy of the dialog page it framed itself.
    expect(seen.ownFrames).toBe(1);
    expect(seen.framesVisible).toBe(1);
    expect(seen.leakedUrls).toEqual([]);
    expect(seen.frameReads.length).toBeGreaterThan(0);
    // Only the copy's initial about:blank is readable; the extension page never is.
    expect(seen.frameReads.filter((r) => !r.startsWith('READ:about:blank')).every((r) => r.startsWith('blocked:'))).toBe(true);
    expect(seen.frameReads.some((r) => r.startsWith('blocked:'))).toBe(true);
    expect(seen.portReplies).toEqual([]);
    // That copy has no session, shows so, and refuses every forged port offer.
    const copy = await waitFor(() => page.frames().find((f) => f !== dialog && f.url().startsWith(`chrome-extension://${harness.extensionId}/`)), 'the copy');
    await expect.poll(() => copy.getByRole('alert').textContent({ timeout: 500 }), { timeout: 10_000 }).toContain('expired');
    await expect.poll(async () => Number(await copy.evaluate(() => document.documentElement.dataset['refusedMessages'] ?? '0')), { timeout: 10_000 }).toBeGreaterThan(5);
    // The real dialog got the real bytes and no forged offer.
    expect(await dialog.evaluate(() => document.documentElement.dataset['refusedMessages'] ?? '0')).toBe('0');
    // Nothing was sent: still the ready form (no login here, so Connect instead of Send), the button not "Sent".
    expect(await dialog.getByRole('button', { name: 'Connect DocuSign' }).isEnabled()).toBe(true);
    expect(await dialog.getByTestId('envelope-id').count()).toBe(0);
    expect(Object.values(await buttonStates(page))).not.toContain('sent');
    expect(await harness.readState('local', 'completedSends')).toBeUndefined();
    await page.close();
  });
});
