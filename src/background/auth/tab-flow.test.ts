/**
 * The sign-in machinery both flows share, with the browser's tabs faked and storage in memory: the
 * state is consumed once, a replay, a forged or an expired answer completes nothing, a closed tab
 * abandons the flow, and a second instance (a restarted worker) finishes what the first started.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { FlowBase, UsedState } from './redirect.ts';

const tabs = vi.hoisted(() => ({ created: [] as string[], removed: [] as number[], nextId: 40 }));
vi.mock('webextension-polyfill', () => ({
  default: {
    tabs: {
      create: ({ url }: { url: string }) => {
        tabs.created.push(url);
        return Promise.resolve({ id: (tabs.nextId += 1) });
      },
      remove: (id: number) => {
        tabs.removed.push(id);
        return Promise.resolve();
      },
    },
  },
}));

const { createTabFlow } = await import('./tab-flow.ts');

interface Flow extends FlowBase {
  nonce: string;
}

const REDIRECT = 'http://127.0.0.1:8787/oidc/callback';
const item = <T,>(initial: T) => {
  let value = initial;
  return { get: () => Promise.resolve(structuredClone(value)), set: (next: T) => Promise.resolve(void (value = structuredClone(next))) };
};
const messages = {
  tab_closed: 'closed', denied: 'denied', expired: 'expired', reused: 'reused', wrong_state: 'wrong', auth_error: (e: string) => `error ${e}`,
};

let pending: ReturnType<typeof item<Flow | null>>;
let used: ReturnType<typeof item<UsedState[]>>;
let notices: string[];
let completed: { nonce: string; url: string }[];

function worker() {
  return createTabFlow<Flow>({
    lock: 'test',
    withLock: (_name, body) => body(),
    pending,
    used,
    messages,
    notify: (_kind, code) => Promise.resolve(void notices.push(code)),
    complete: (flow, url) => Promise.resolve(void completed.push({ nonce: flow.nonce, url })),
  });
}

const flow = (state: string, ttl = 600_000): Flow => ({
  state, verifier: 'v', nonce: `nonce-${state}`, createdAt: Date.now(), expiresAt: Date.now() + ttl, tabId: null, redirectUri: REDIRECT,
});

beforeEach(() => {
  pending = item<Flow | null>(null);
  used = item<UsedState[]>([]);
  notices = [];
  completed = [];
  tabs.created.length = 0;
  tabs.removed.length = 0;
});

describe('tab sign-in flows', () => {
  test('the answer completes once, in a restarted worker too; replayed in another tab it is ignored and that tab left open', async () => {
    await worker().begin(flow('S1'), 'https://idp.example/auth?state=S1');
    const tabId = tabs.nextId;
    expect((await pending.get())?.tabId).toBe(tabId);

    const restarted = worker();
    await restarted.onTabUpdated(tabId, `${REDIRECT}?code=c1&state=S1`);
    expect(completed).toEqual([{ nonce: 'nonce-S1', url: `${REDIRECT}?code=c1&state=S1` }]);
    expect(await pending.get()).toBeNull();
    expect(tabs.removed).toContain(tabId);

    // The same navigation reported twice in its own tab is not a replay.
    await restarted.onTabUpdated(tabId, `${REDIRECT}?code=c1&state=S1`);
    // In a tab the sign-in did not open, a page cannot make the extension close it or write a notice.
    await restarted.onTabUpdated(99, `${REDIRECT}?code=c1&state=S1`);
    expect(completed).toHaveLength(1);
    expect(notices).toEqual([]);
    expect(tabs.removed).not.toContain(99);
  });

  test('a state SignBridge did not issue abandons the flow; an expired one is refused; other pages are ignored', async () => {
    const flows = worker();
    await flows.begin(flow('S2'), 'https://idp.example/auth');
    await flows.onTabUpdated(tabs.nextId, 'https://idp.example/login?state=S2');
    expect(notices).toEqual([]);
    await flows.onTabUpdated(tabs.nextId, `${REDIRECT}?code=forged&state=nope`);
    expect(notices).toEqual(['state_mismatch']);
    expect(await pending.get()).toBeNull();

    await flows.begin(flow('S3', -1), 'https://idp.example/auth');
    await flows.onTabUpdated(tabs.nextId, `${REDIRECT}?code=late&state=S3`);
    expect(notices.at(-1)).toBe('state_expired');
    expect(completed).toEqual([]);
  });

  test('closing the tab abandons the flow; a newer sign-in closes the older tab; a stale pending flow expires', async () => {
    const flows = worker();
    await flows.begin(flow('S4'), 'https://idp.example/auth');
    const first = tabs.nextId;
    await flows.begin(flow('S5'), 'https://idp.example/auth');
    expect(tabs.removed).toContain(first);
    expect(await flows.isPending()).toBe(true);
    await flows.onTabRemoved(tabs.nextId);
    expect(notices).toEqual(['tab_closed']);
    expect(await flows.isPending()).toBe(false);

    await flows.begin(flow('S6', -1), 'https://idp.example/auth');
    expect(await flows.isPending()).toBe(false);
    expect(notices.at(-1)).toBe('state_expired');
  });
});
