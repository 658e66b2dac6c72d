/**
 * The options page reads the settings when it opens and writes them on Save. A first read that answers
 * late (the worker was starting, or busy) must not put the old address back beside
 * "Saved." after a save made meanwhile: the page would say one server is in use while another is.
 */
import { expect } from 'vitest';
import { companionsForFile, eventually, useServer } from './auth-world.ts';
import { describeInBrowser, test, waitFor } from './harness.ts';

const servers = companionsForFile();

describeInBrowser('options: saving the server address', () => {
  test('a slow first read of the settings does not undo a save made meanwhile', async ({ harness }) => {
    await useServer(harness, servers.first.origin);
    const worker = await harness.serviceWorker();
    // The options page's first read of the saved address answers 2 s late, with what it read at once.
    await worker.evaluate(() => {
      const area = chrome.storage.local as unknown as { get: (...args: unknown[]) => unknown };
      const original = area.get.bind(area);
      const state = globalThis as unknown as { slowReadDone?: boolean };
      let slowed = false;
      area.get = (...args: unknown[]) => {
        const callback = typeof args.at(-1) === 'function' ? (args.pop() as (value: unknown) => void) : undefined;
        // The read of the page's `settingsGet` (its async stack names the handler), not one of a tab listener's.
        const late = !slowed && args[0] === 'settings.serverUrl' && (new Error().stack ?? '').includes('settingsGet');
        slowed ||= late;
        const read = Promise.resolve(original(...args));
        const answer = late ? read.then((value) => new Promise((resolve) => setTimeout(() => resolve(value), 2_000))) : read;
        if (late) void answer.finally(() => (state.slowReadDone = true));
        if (!callback) return answer;
        void answer.then(callback);
        return undefined;
      };
    });
    const options = await harness.openExtensionPage('src/options/index.html');
    await options.getByLabel('Companion server address').fill(servers.second.origin);
    await options.getByRole('button', { name: 'Save' }).click();
    await eventually(() => options.getByTestId('server-message').textContent()).toBe('Saved.');
    await waitFor(() => worker.evaluate(() => (globalThis as unknown as { slowReadDone?: boolean }).slowReadDone === true), 'the slow read to answer', 10_000);
    // Its answer has reached the page by the time a message sent after it has come back.
    await options.evaluate(() => chrome.runtime.sendMessage({ type: 'settingsGet', payload: {} }));
    expect(await options.getByTestId('server-in-use').textContent()).toBe(`In use: ${servers.second.origin}. Saved on this page.`);
    expect(await options.getByLabel('Companion server address').inputValue()).toBe(servers.second.origin);
    expect(await options.getByTestId('server-message').textContent()).toBe('Saved.');
    await options.close();
  });
});
