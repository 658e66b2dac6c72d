import { expect, test, vi } from 'vitest';
import { createOpenerHandlers } from './opener.ts';
import type { SenderContext } from './router.ts';

const page: SenderContext = { kind: 'content', tabId: 7, frameId: 3, url: 'https://crm.example/record/1' };

test("the opener is injected into the asking content script's own tab and frame", async () => {
  const inject = vi.fn(() => Promise.resolve([]));
  const { loadOpener } = createOpenerHandlers(inject);
  expect(await loadOpener({}, page)).toEqual({ ok: true, value: { loaded: true } });
  expect(inject).toHaveBeenCalledExactlyOnceWith(7, 3);
});

test('a sender without a tab gets nothing injected', async () => {
  const inject = vi.fn(() => Promise.resolve([]));
  const { loadOpener } = createOpenerHandlers(inject);
  const answer = await loadOpener({}, { ...page, tabId: undefined });
  expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
  expect(inject).not.toHaveBeenCalled();
});

test('a page the browser does not let SignBridge inject into is an error with the reason, not a crash', async () => {
  const { loadOpener } = createOpenerHandlers(() => Promise.reject(new Error('Cannot access contents of the page.')));
  const answer = await loadOpener({}, page);
  expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
  expect(answer.ok ? '' : answer.error.message).toContain('Cannot access contents of the page.');
});
