import { describe, expect, test } from 'vitest';
import { classifyRedirect, isRedirectTo, rememberState, type PendingFlow } from './redirect.ts';

const REDIRECT = 'http://127.0.0.1:8787/oauth/callback';
const flow: PendingFlow = {
  state: 'S1',
  verifier: 'V1',
  createdAt: 0,
  expiresAt: 600_000,
  tabId: 7,
  mode: 'connect',
  loginKey: null,
  server: 'http://127.0.0.1:8787',
  accountServer: 'http://127.0.0.1:9000',
  clientId: 'ik',
  redirectUri: REDIRECT,
  scopes: ['signature', 'extended'],
};
const at = (query: string) => `${REDIRECT}?${query}`;

describe('classifyRedirect', () => {
  test('a page that is not the redirect URI is not a redirect', () => {
    expect(classifyRedirect('http://127.0.0.1:9000/oauth/auth?state=S1', 7, 1, flow, []).kind).toBe('not_redirect');
    expect(classifyRedirect('http://127.0.0.1:8787/oauth/callbackx?state=S1&code=c', 7, 1, flow, []).kind).toBe('not_redirect');
    expect(classifyRedirect(at('code=c&state=S1'), 7, 1, null, []).kind).toBe('not_redirect');
  });

  test('the matching state with a code answers the flow in its own tab only', () => {
    expect(classifyRedirect(at('code=abc&state=S1'), 7, 1, flow, [])).toEqual({ kind: 'code', flow, code: 'abc' });
    // The right state in another tab (a page that learnt it) is not an answer, and that tab is left alone.
    expect(classifyRedirect(at('code=abc&state=S1'), 99, 1, flow, [])).toEqual({ kind: 'other_tab' });
    expect(classifyRedirect(at('code=abc&state=S1'), 99, 1, { ...flow, tabId: null }, [])).toEqual({ kind: 'other_tab' });
  });

  test('an expired state is refused even with a code', () => {
    expect(classifyRedirect(at('code=abc&state=S1'), 7, 600_001, flow, [])).toEqual({ kind: 'expired', flow });
  });

  test('consent denied and other OAuth errors', () => {
    expect(classifyRedirect(at('error=access_denied&state=S1'), 7, 1, flow, [])).toEqual({ kind: 'denied', flow });
    expect(classifyRedirect(at('error=server_error&state=S1'), 7, 1, flow, [])).toEqual({ kind: 'auth_error', flow, error: 'server_error' });
    expect(classifyRedirect(at('state=S1'), 7, 1, flow, [])).toEqual({ kind: 'auth_error', flow, error: 'missing_code' });
  });

  test("a state that was answered already is refused as reused in the flow's tab, ignored elsewhere", () => {
    const used = [{ state: 'S0', redirectUri: REDIRECT, at: 0, tabId: 3 }];
    expect(classifyRedirect(at('code=abc&state=S0'), 7, 1, flow, used)).toEqual({ kind: 'reused', flow });
    expect(classifyRedirect(at('code=abc&state=S0'), 8, 1, flow, used)).toEqual({ kind: 'other_tab' });
    expect(classifyRedirect(at('code=abc&state=S0'), 7, 1, null, used)).toEqual({ kind: 'other_tab' });
  });

  test('the same answer reported twice for the tab that delivered it is a repeat, not a replay', () => {
    const used = [{ state: 'S0', redirectUri: REDIRECT, at: 0, tabId: 7 }];
    expect(classifyRedirect(at('code=abc&state=S0'), 7, 1, null, used)).toEqual({ kind: 'repeat' });
  });

  test("a wrong state abandons the flow only in the flow's own tab", () => {
    expect(classifyRedirect(at('code=abc&state=EVIL'), 7, 1, flow, [])).toEqual({ kind: 'wrong_state', flow });
    // In another tab it neither abandons the flow nor gets that tab closed or a notice written.
    expect(classifyRedirect(at('code=abc&state=EVIL'), 8, 1, flow, [])).toEqual({ kind: 'other_tab' });
    expect(classifyRedirect(at('code=abc'), 7, 1, flow, [])).toEqual({ kind: 'wrong_state', flow });
  });
});

test('isRedirectTo compares origin and path only', () => {
  expect(isRedirectTo(`${REDIRECT}?a=1#x`, REDIRECT)).toBe(true);
  expect(isRedirectTo('http://localhost:8787/oauth/callback', REDIRECT)).toBe(false);
  expect(isRedirectTo('not a url', REDIRECT)).toBe(false);
});

test('rememberState keeps recent states only, at most 20', () => {
  let used = rememberState([], { state: 'old', redirectUri: REDIRECT, at: 0, tabId: null }, 0, 1000);
  used = rememberState(used, { state: 'new', redirectUri: REDIRECT, at: 2000, tabId: null }, 2000, 1000);
  expect(used.map((u) => u.state)).toEqual(['new']);
  for (let i = 0; i < 30; i += 1) used = rememberState(used, { state: `s${i}`, redirectUri: REDIRECT, at: 2000, tabId: null }, 2000, 1000);
  expect(used).toHaveLength(20);
  expect(used.at(-1)?.state).toBe('s29');
});
