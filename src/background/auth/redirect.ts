/**
 * Recognise an authorization server's redirect back to the registered redirect URI (DocuSign's to
 * `/oauth/callback`, a company identity provider's to `/oidc/callback`) and decide what it means, as a
 * pure function of the URL, the tab, the clock and the flow state kept in `storage.session`.
 * The `state` parameter is the proof that a redirect answers the flow SignBridge started: it is
 * random, single use and short lived.
 */

export type FlowMode = 'connect' | 'add' | 'reconnect';

/** What every sign-in in a tab keeps while it waits for the redirect. */
export interface FlowBase {
  state: string;
  /** PKCE code verifier: never leaves the worker; only the S256 challenge went into the URL. */
  verifier: string;
  createdAt: number;
  expiresAt: number;
  /** The sign-in tab, once `tabs.create` answered. */
  tabId: number | null;
  redirectUri: string;
}

/** Linking a DocuSign login. */
export interface PendingFlow extends FlowBase {
  mode: FlowMode;
  loginKey: string | null;
  /** The companion server this sign-in goes through: the login is bound to it. */
  server: string;
  accountServer: string;
  clientId: string;
  scopes: string[];
}

/** A state that was answered already, kept a while so a replayed redirect gets a clear message. */
export interface UsedState {
  state: string;
  redirectUri: string;
  at: number;
  /** The tab that delivered the answer: a repeat there is the same navigation reported twice, not a replay. */
  tabId: number | null;
}

export type RedirectOutcome<F extends FlowBase = PendingFlow> =
  | { kind: 'not_redirect' }
  | { kind: 'code'; flow: F; code: string }
  | { kind: 'denied'; flow: F }
  | { kind: 'auth_error'; flow: F; error: string }
  | { kind: 'expired'; flow: F }
  /** An answer already handled, replayed in the flow's own tab: the flow is abandoned. */
  | { kind: 'reused'; flow: F }
  /** The answer already handled, seen again in the same tab: nothing to do. */
  | { kind: 'repeat' }
  /** The redirect URI in a tab this sign-in did not open: not ours to act on (left open, no notice). */
  | { kind: 'other_tab' }
  /** A state this flow did not issue, in the flow's own tab: the flow is abandoned. */
  | { kind: 'wrong_state'; flow: F };

export function isRedirectTo(url: string, redirectUri: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(redirectUri);
    return a.origin === b.origin && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

export function classifyRedirect<F extends FlowBase>(
  url: string,
  tabId: number,
  now: number,
  pending: F | null,
  used: readonly UsedState[],
): RedirectOutcome<F> {
  const uris = [...(pending ? [pending.redirectUri] : []), ...used.map((u) => u.redirectUri)];
  if (!uris.some((uri) => isRedirectTo(url, uri))) return { kind: 'not_redirect' };
  const params = new URL(url).searchParams;
  const state = params.get('state');
  const answered = state === null ? undefined : used.find((u) => u.state === state);
  if (answered?.tabId === tabId) return { kind: 'repeat' };
  // Only the tab this sign-in opened answers it. Anything in another tab is left alone: a page that
  // navigates a tab of its own to the redirect URI can neither finish a sign-in, nor make SignBridge
  // close that tab, nor overwrite what the popup says.
  if (!pending || pending.tabId !== tabId) return { kind: 'other_tab' };
  if (answered) return { kind: 'reused', flow: pending };
  if (state === pending.state && isRedirectTo(url, pending.redirectUri)) {
    if (now > pending.expiresAt) return { kind: 'expired', flow: pending };
    // OAuth's `error` (RFC 6749 4.1.2.1); DocuSign may answer with `error_code`/`error_message` instead.
    const error = params.get('error') ?? params.get('error_code');
    if (error === 'access_denied') return { kind: 'denied', flow: pending };
    if (error !== null) return { kind: 'auth_error', flow: pending, error };
    const code = params.get('code');
    if (code === null || code === '') return { kind: 'auth_error', flow: pending, error: 'missing_code' };
    return { kind: 'code', flow: pending, code };
  }
  return { kind: 'wrong_state', flow: pending };
}

/** Keep the last few answered states for a while; older ones can no longer be replayed usefully. */
export function rememberState(used: readonly UsedState[], entry: UsedState, now: number, keepMs: number): UsedState[] {
  return [...used.filter((u) => now - u.at < keepMs), entry].slice(-20);
}
