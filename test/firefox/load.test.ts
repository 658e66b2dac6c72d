/**
 * Firefox: the extension loads from dist-firefox/ (an event page where Chromium has a service worker),
 * its pages talk to the background, and the content script decorates a fixture page with buttons styled as
 * designed (the document's adopted sheet reaches them through a content script's Xrays too).
 */
import { expect } from 'vitest';
import { designedLook, lookOf, readButtonLooks } from '../support/button-look.ts';
import { describeInFirefox, test, testIdText, waitFor } from './harness.ts';

describeInFirefox('firefox: the extension loads', () => {
  test('the popup renders and the background answers validated messages', async ({ firefox }) => {
    const popup = await firefox.openExtensionPage('src/popup/index.html');
    await waitFor(() => popup.evaluate(() => document.querySelector('h1')?.textContent?.trim() === 'SignBridge'), 'the popup heading');
    type Answer = { ok: boolean; error?: { code: string } };
    const answers = await popup.evaluate(async () => {
      const send = (m: unknown): Promise<Answer> => chrome.runtime.sendMessage(m);
      return [await send({ type: 'ping', payload: { nonce: 'n1' } }), await send({ type: 'no-such-thing', payload: {} })];
    });
    expect(answers[0]?.ok).toBe(true);
    expect(answers[1]?.error?.code).toBe('unknown_message');
    expect(await popup.evaluate(() => chrome.runtime.getManifest().background)).toMatchObject({ type: 'module' });
    expect(await testIdText(popup, 'sending-as')).toBeNull();
    await popup.close();
  });

  test('a fixture page gets one button per document, each styled as designed', async ({ firefox, pages }) => {
    const page = await firefox.browser.newPage();
    await page.goto(pages.url('crm-record.html'));
    const targets = () =>
      page.evaluate(() => [...document.querySelectorAll('[data-signbridge="button"]')].map((el) => (el.previousElementSibling as HTMLAnchorElement | null)?.href ?? ''));
    await waitFor(async () => (await targets()).length === 3, 'three Send for signature buttons');
    expect((await targets()).sort()).toEqual(['files/msa.pdf', 'files/order-form.docx', 'files/pricing.pdf'].map((f) => pages.url(f)).sort());
    const looks = await page.evaluate(readButtonLooks);
    expect(looks.map(lookOf)).toEqual(looks.map(() => designedLook('idle')));
    await page.close();
  });
});
