/**
 * Firefox: the send flow and the clickjacking guard there. The dialog opens in an extension window of
 * its own (src/background/platform.ts), fed by the page's content script over `tabs.connect`; a send
 * puts exactly one envelope with the page's bytes in the simulator. A hostile page gets nothing: its
 * synthetic clicks open no dialog, it finds no dialog to read, fade, cover or frame, and nothing is sent.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { fileBytes, sha256 } from '../support/fixture-files.ts';
import { EXTENSION_ORIGIN, EXTENSION_UUID } from './firefox.ts';
import { button, buttonStates, clickButton, clickSendFor, describeInFirefox, pageAt, pagesAt, test, testIdText, until, waitFor } from './harness.ts';
import { linkAlice, readState, screenshot, startCompanion, useServer, type Companion } from './world.ts';

const DIALOG = `${EXTENSION_ORIGIN}/src/dialog/index.html#`;

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

const envelopes = () => companion.sim.sim.control.envelopes();
const isDisabled = (dialog: Page, name: string) =>
  dialog.evaluate((n) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === n)?.disabled ?? null, name);

/** The dialog window for the button next to `file`, once it holds that file's bytes. */
async function openDialog(page: Page, file: string, origin: string): Promise<Page> {
  await clickSendFor(page, `${origin}/files/${file}`);
  const dialog = await pageAt(page.browser(), DIALOG);
  await until(() => testIdText(dialog, 'document-sha256'), sha256(file), `the dialog to hold ${file}`);
  return dialog;
}

describeInFirefox('firefox: sending from the dialog window; a hostile page gets nothing', () => {
  test('link, open the dialog from the page, Send: exactly one envelope with the page’s bytes; then a hostile page', async ({ firefox, pages }) => {
    await useServer(firefox, companion.origin);
    (await linkAlice(firefox)).popup.close().catch(() => undefined);

    // --- A send from a fixture CRM page.
    const page = await firefox.browser.newPage();
    await page.goto(pages.url('crm-record.html'));
    const dialog = await openDialog(page, 'msa.pdf', pages.origin);
    // The dialog is not in the page: no host element, no frame of ours.
    expect(await page.evaluate(() => [document.querySelectorAll('[data-signbridge="dialog"]').length, window.frames.length])).toEqual([0, 0]);
    expect(await testIdText(dialog, 'send-from')).toContain('Adams Consulting (US) — DocuSign simulator on this computer');
    await screenshot(dialog, 'dialog-window-ready');
    const before = envelopes().length;
    await (await button(dialog, 'Send')).click();
    await until(async () => /^[0-9a-f-]{36}$/.test((await testIdText(dialog, 'envelope-id')) ?? ''), true, 'the envelope id');
    const envelopeId = await testIdText(dialog, 'envelope-id');
    await screenshot(dialog, 'dialog-window-sent');

    expect(envelopes()).toHaveLength(before + 1);
    const created = envelopes().filter((e) => e.documents.some((d) => d.sha256 === sha256('msa.pdf')));
    expect(created).toHaveLength(1);
    expect(created[0]?.envelopeId).toBe(envelopeId);
    expect(Buffer.from(created[0]!.documents[0]!.bytes).equals(fileBytes('msa.pdf'))).toBe(true);
    expect(created[0]?.recipients.signers.map((s) => [s.name, s.email])).toEqual([['Ada Lovelace', 'ada@acme.example']]);
    await until(async () => (await buttonStates(page))[pages.url('files/msa.pdf')], 'sent', 'the page’s button to say Sent');

    // Done closes the window (the content script ends the channel; the window closes itself).
    await clickButton(dialog, 'Done');
    await waitFor(async () => (await pagesAt(firefox.browser, DIALOG)).length === 0, 'the dialog window to close');
    await page.close();

    // --- The hostile page: it clicks the buttons from script, looks for the dialog and forges messages.
    const hostile = await firefox.browser.newPage();
    await hostile.goto(`${pages.url('hostile.html')}?ext=${EXTENSION_UUID}`);
    type Record = { syntheticClicks: number; keyPresses: number; dialogHostSeen: boolean; frameReads: string[]; portReplies: string[]; leakedUrls: string[]; framesVisible: number; ownFrames: number };
    const seen = () => hostile.evaluate(() => (window as unknown as { hostile: Record }).hostile);
    await waitFor(async () => (await seen()).syntheticClicks >= 40, 'the page to fake clicks on the button');
    expect(await pagesAt(firefox.browser, DIALOG)).toEqual([]);
    expect(await readState(firefox, 'session', 'dialogSessions')).toSatisfy((s: object | undefined) => Object.keys(s ?? {}).length === 1);

    // A real click opens the dialog, in a window the page knows nothing of.
    const hostileDialog = await openDialog(hostile, 'contract.pdf', pages.origin);
    await button(hostileDialog, 'Send');
    const attacks = (await seen()).syntheticClicks;
    await waitFor(async () => (await seen()).syntheticClicks > attacks + 20, 'the page to keep attacking while the dialog is open');
    const record = await seen();
    expect(record.dialogHostSeen).toBe(false);
    // The only frames in the page are the copies it made itself (of a chrome-extension:// URL, for nothing).
    expect(record.framesVisible).toBe(record.ownFrames);
    // What it read is its own empty copies (a chrome-extension:// URL is nothing in Firefox), never ours.
    expect(record.frameReads.filter((r) => r.startsWith('READ:') && r !== 'READ:about:blank:')).toEqual([]);
    expect(record.portReplies).toEqual([]);
    expect(record.leakedUrls.filter((u) => u.startsWith('moz-extension:'))).toEqual([]);
    // Knowing the extension's address does not help: the dialog page is not web-accessible in Firefox.
    const framed = await hostile.evaluate(async (url) => {
      try {
        await fetch(url);
        return 'loaded';
      } catch (error) {
        return (error as Error).name;
      }
    }, `${DIALOG}x`);
    expect(framed).toBe('TypeError');

    // Send arms only while the dialog window has the focus, and a moment after it got it back: a click
    // already on its way when the window (re)appears lands on a disabled button.
    await hostile.bringToFront();
    await until(() => isDisabled(hostileDialog, 'Send'), true, 'Send to disarm when the window loses the focus');
    expect(await testIdText(hostileDialog, 'not-visible')).toContain('has the focus');
    const atFocus = hostileDialog.evaluate(
      () =>
        new Promise<boolean | undefined>((resolve) =>
          addEventListener('focus', () => setTimeout(() => resolve([...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Send')?.disabled), 0), { once: true }),
        ),
    );
    await hostileDialog.bringToFront();
    expect(await atFocus).toBe(true);
    await button(hostileDialog, 'Send');

    expect(envelopes().filter((e) => e.documents.some((d) => d.sha256 === sha256('contract.pdf')))).toEqual([]);
    expect(envelopes()).toHaveLength(before + 1);
    await hostile.close();
    await waitFor(async () => (await pagesAt(firefox.browser, DIALOG)).length === 0, 'the dialog window to close with its page');
  });
});
