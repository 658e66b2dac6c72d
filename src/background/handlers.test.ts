/**
 * The `pageSeen` handler on a tab that closed before the badge was set (the sign-in tab the worker
 * closes at once): answered, not failed, so the router logs no `handler "pageSeen" failed` and the
 * extension's card shows no error. Any other badge failure still fails the handler.
 */
import { beforeEach, expect, test, vi } from 'vitest';

const action = vi.hoisted(() => ({ setBadgeBackgroundColor: vi.fn(), setBadgeText: vi.fn() }));
vi.mock('webextension-polyfill', () => ({ default: { action, runtime: { id: 'ext', getURL: (p: string) => `chrome-extension://ext/${p}` } } }));

const { createHandlers } = await import('./handlers.ts');
type Auth = Parameters<typeof createHandlers>[1];

const handlers = createHandlers({ bootId: 'b', bootedAt: 0 }, {} as Auth, {} as Parameters<typeof createHandlers>[2]);
const page = { kind: 'content' as const, tabId: 7, frameId: 0, url: 'http://127.0.0.1/crm' };

beforeEach(() => {
  action.setBadgeBackgroundColor.mockReset();
  action.setBadgeText.mockReset();
});

test('a page on a live tab gets its badge', async () => {
  action.setBadgeBackgroundColor.mockResolvedValue(undefined);
  action.setBadgeText.mockResolvedValue(undefined);
  expect(await handlers.pageSeen({ documents: 3 }, page)).toEqual({ ok: true, value: { recorded: true } });
  expect(action.setBadgeText).toHaveBeenCalledWith({ tabId: 7, text: '3' });
});

test('a tab that is gone is expected: answered, no error', async () => {
  action.setBadgeBackgroundColor.mockRejectedValue(new Error('No tab with id: 7.'));
  expect(await handlers.pageSeen({ documents: 3 }, page)).toEqual({ ok: true, value: { recorded: true } });
  action.setBadgeBackgroundColor.mockResolvedValue(undefined);
  action.setBadgeText.mockRejectedValue(new Error('Invalid tab ID: 7'));
  expect(await handlers.pageSeen({ documents: 0 }, page)).toEqual({ ok: true, value: { recorded: true } });
});

test('any other badge failure still fails the handler', async () => {
  action.setBadgeBackgroundColor.mockRejectedValue(new Error('Something else broke'));
  await expect(handlers.pageSeen({ documents: 1 }, page)).rejects.toThrow('Something else broke');
});
