/**
 * The machinery every sign-in in a tab shares (linking a DocuSign login, signing in as an organization
 * member): the pending flow kept in `storage.session` so it survives the worker being stopped while the
 * user types, a single-use `state` consumed under a Web Lock, the tab opened, watched and closed by the
 * worker, and every ending turned into a notice. What a flow does with the code is its own `complete`.
 */
import browser from 'webextension-polyfill';
import { t, type MessageKey, type Subs } from '../../shared/i18n.ts';
import { classifyRedirect, rememberState, type FlowBase, type UsedState } from './redirect.ts';
import type { WithLock } from './tokens.ts';

const USED_STATE_KEEP_MS = 60 * 60_000;

interface Item<T> {
  get(): Promise<T>;
  set(value: T): Promise<void>;
}

/** The user-facing sentence for each way a sign-in ends without a code. */
export interface EndingMessages {
  tab_closed: string;
  denied: string;
  expired: string;
  reused: string;
  wrong_state: string;
  auth_error: (error: string) => string;
}

/** A catalog key whose message takes no substitution. */
type PlainKey = { [K in MessageKey]: Subs<K> extends [] ? K : never }[MessageKey];

/** The endings read from the catalog when they are shown (so in the browser's language, not at import). */
export function endingMessages(
  keys: Record<Exclude<keyof EndingMessages, 'auth_error'>, PlainKey>,
  authError: EndingMessages['auth_error'],
): EndingMessages {
  return {
    get tab_closed() {
      return t(keys.tab_closed);
    },
    get denied() {
      return t(keys.denied);
    },
    get expired() {
      return t(keys.expired);
    },
    get reused() {
      return t(keys.reused);
    },
    get wrong_state() {
      return t(keys.wrong_state);
    },
    auth_error: authError,
  };
}

export interface TabFlowOptions<F extends FlowBase> {
  /** Web Lock name: one per flow kind, held while the pending flow is read and changed. */
  lock: string;
  withLock: WithLock;
  pending: Item<F | null>;
  used: Item<UsedState[]>;
  messages: EndingMessages;
  notify: (kind: 'error', code: string, message: string) => Promise<void>;
  /** The tab came back with a code answering `flow` (already consumed, tab already closed). */
  complete: (flow: F, callbackUrl: string) => Promise<void>;
}

export async function closeTab(tabId: number | null): Promise<void> {
  if (tabId === null) return;
  await browser.tabs.remove(tabId).catch(() => undefined);
}

export function createTabFlow<F extends FlowBase>(options: TabFlowOptions<F>) {
  const { lock, withLock, pending, used, messages, notify } = options;

  /** Keep `flow` as the one pending sign-in (replacing an unfinished one) and open `url` in a new tab. */
  async function begin(flow: F, url: string, beforeOpen: () => Promise<void> = async () => {}): Promise<void> {
    // The tab is opened while holding the flow lock, and its id recorded before the lock is let go:
    // only that tab's redirect is accepted (redirect.ts), and every redirect is classified under the
    // same lock, so even an instant answer (a live session at the provider) finds the flow knowing its tab.
    const { previous, tabId } = await withLock(lock, async () => {
      const old = await pending.get();
      await beforeOpen();
      const tab = await browser.tabs.create({ url, active: true });
      await pending.set({ ...flow, tabId: tab.id ?? null });
      return { previous: old, tabId: tab.id };
    });
    // A newer sign-in replaces an unfinished one; its tab would only confuse.
    if (previous && previous.tabId !== tabId) await closeTab(previous.tabId);
  }

  /** Decide, under the flow lock, what a URL in a tab means, and consume the flow if it answers it. */
  function claim(tabId: number, url: string) {
    return withLock(lock, async () => {
      const [flow, answered] = [await pending.get(), await used.get()];
      const now = Date.now();
      const outcome = classifyRedirect(url, tabId, now, flow, answered);
      if (outcome.kind === 'not_redirect' || outcome.kind === 'other_tab' || outcome.kind === 'repeat') return outcome;
      const consumed = 'flow' in outcome ? outcome.flow : null;
      if (consumed) {
        await pending.set(null);
        const entry = { state: consumed.state, redirectUri: consumed.redirectUri, at: now, tabId };
        await used.set(rememberState(answered, entry, now, USED_STATE_KEEP_MS));
      }
      return outcome;
    });
  }

  async function onTabUpdated(tabId: number, url: string): Promise<void> {
    const outcome = await claim(tabId, url);
    // Another tab's redirect is not ours: left open, no notice (a page cannot make us close its tabs).
    if (outcome.kind === 'not_redirect' || outcome.kind === 'other_tab' || outcome.kind === 'repeat') return;
    await closeTab(tabId);
    switch (outcome.kind) {
      case 'reused':
        return notify('error', 'state_reused', messages.reused);
      case 'wrong_state':
        return notify('error', 'state_mismatch', messages.wrong_state);
      case 'expired':
        return notify('error', 'state_expired', messages.expired);
      case 'denied':
        return notify('error', 'access_denied', messages.denied);
      case 'auth_error':
        return notify('error', 'auth_error', messages.auth_error(outcome.error));
      case 'code':
        return options.complete(outcome.flow, url);
    }
  }

  async function onTabRemoved(tabId: number): Promise<void> {
    const abandoned = await withLock(lock, async () => {
      const flow = await pending.get();
      if (flow?.tabId !== tabId) return false;
      await pending.set(null);
      return true;
    });
    if (abandoned) await notify('error', 'tab_closed', messages.tab_closed);
  }

  /** Whether a sign-in is waiting; one past its deadline is cleared (tab closed, notice set) instead. */
  async function isPending(): Promise<boolean> {
    const expired = await withLock(lock, async () => {
      const flow = await pending.get();
      if (flow === null) return null;
      if (Date.now() <= flow.expiresAt) return false;
      await pending.set(null);
      return flow;
    });
    if (expired === null) return false;
    if (expired === false) return true;
    await closeTab(expired.tabId);
    await notify('error', 'state_expired', messages.expired);
    return false;
  }

  return { begin, onTabUpdated, onTabRemoved, isPending };
}
