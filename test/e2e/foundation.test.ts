import { expect } from 'vitest';
import { describeInBrowser, test, waitFor } from './harness.ts';

describeInBrowser('foundation: extension loads and its contexts talk', () => {
  test('the popup renders', async ({ harness }) => {
    const popup = await harness.openExtensionPage('src/popup/index.html');
    await expect.poll(() => popup.getByRole('heading', { name: 'SignBridge' }).count()).toBe(1);
    await popup.close();
  });

  test('the content script round-trips a validated message with the service worker', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('plain.html'));
    const seen = await waitFor(
      () => harness.readState<{ documents: number; tabId: number } | undefined>('session', 'lastPageSeen'),
      'the content script to report the page',
    );
    expect(seen.documents).toBe(2);
    expect(seen.tabId).toBeGreaterThan(0);
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
