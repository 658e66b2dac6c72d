import { expect } from 'vitest';
import { describeInBrowser, test } from './harness.ts';

describeInBrowser('foundation: extension loads and its contexts talk', () => {
  test('the popup renders', async ({ harness }) => {
    const popup = await harness.openExtensionPage('src/popup/index.html');
    await expect.poll(() => popup.getByRole('heading', { name: 'SignBridge' }).count()).toBe(1);
    await popup.close();
  });

  test('the content script round-trips a validated message with the service worker', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    const url = pages.url('plain.html');
    await page.goto(url);
    // The worker answers the content script's report by putting the page's document count on the badge.
    const badge = async () => {
      const worker = await harness.serviceWorker();
      return worker.evaluate(async (pageUrl) => {
        const [tab] = await chrome.tabs.query({ url: pageUrl });
        return tab?.id === undefined ? undefined : chrome.action.getBadgeText({ tabId: tab.id });
      }, url);
    };
    await expect.poll(badge, { timeout: 10_000 }).toBe('2');
    await page.close();
  });

  test('a malformed or unknown message is refused with a code', async ({ harness }) => {
    const popup = await harness.openExtensionPage('src/popup/index.html');
    type Answer = { ok: boolean; error?: { code: string } };
    const answers = await popup.evaluate<Answer[]>(async () => [
      await chrome.runtime.sendMessage({ type: 'ping', payload: { nonce: 42 } }),
      await chrome.runtime.sendMessage({ type: 'no-such-thing', payload: {} }),
      // pageSeen is for content scripts only.
      await chrome.runtime.sendMessage({ type: 'pageSeen', payload: { documents: 1 } }),
    ]);
    expect(answers.map((a) => a.error?.code)).toEqual([
      'invalid_message',
      'unknown_message',
      'forbidden_sender',
    ]);
    await popup.close();
  });

  test('the service worker survives being killed and answers again', async ({ harness }) => {
    const popup = await harness.openExtensionPage('src/popup/index.html');
    type Pong = { ok: boolean; value: { bootId: string; nonce: string } };
    const ping = () => popup.evaluate<Pong>(() => chrome.runtime.sendMessage({ type: 'ping', payload: { nonce: 'n1' } }));
    const before = await ping();
    expect(before.ok).toBe(true);

    // Resolves only once the worker's target is gone.
    await harness.killServiceWorker();

    const after = await ping();
    expect(after).toMatchObject({ ok: true, value: { nonce: 'n1' } });
    expect(after.value.bootId).not.toBe(before.value.bootId);
    await popup.close();
  });
});
