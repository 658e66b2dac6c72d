import { describe, expect, test } from 'vitest';
import {
  createMemoryLock,
  createTokenService,
  REFRESH_MARGIN_MS,
  type AccessToken,
  type LoginRef,
  type RefreshOutcome,
  type TokenStore,
} from './tokens.ts';

const KEY = 'http://sim#alice';
const HOUR = 3_600_000;

/** An in-memory TokenStore that records the order of writes. */
function memoryStore(initial: { access?: AccessToken; refresh?: string; status?: LoginRef['status'] } = {}) {
  const state = {
    login: { accountServer: 'http://sim', clientId: 'ik', status: initial.status ?? 'connected' } as LoginRef | undefined,
    access: initial.access,
    refresh: initial.refresh ?? 'rt-0',
    writes: [] as string[],
  };
  const store: TokenStore = {
    readLogin: () => Promise.resolve(state.login),
    readAccess: () => Promise.resolve(state.access),
    writeAccess: (_key, token) => {
      state.writes.push(`access:${token.token}`);
      state.access = token;
      return Promise.resolve();
    },
    readRefresh: () => Promise.resolve(state.refresh),
    writeRefresh: (_key, token) => {
      state.writes.push(`refresh:${token}`);
      state.refresh = token;
      return Promise.resolve();
    },
    markNeedsReconnect: () => {
      state.writes.push('needs_reconnect');
      if (state.login) state.login = { ...state.login, status: 'needs_reconnect' };
      state.access = undefined;
      return Promise.resolve();
    },
    loginOfAccessToken: (token) => Promise.resolve(state.access?.token === token ? KEY : undefined),
  };
  return { store, state };
}

/** A fake DocuSign token endpoint that rotates refresh tokens and refuses spent ones. */
function fakeTokenEndpoint(firstValid = 'rt-0') {
  let valid = firstValid;
  let n = 0;
  const calls: string[] = [];
  const refresh = async (_login: LoginRef, refreshToken: string): Promise<RefreshOutcome> => {
    calls.push(refreshToken);
    await new Promise((r) => setTimeout(r, 5));
    if (refreshToken !== valid) return { ok: false, reason: 'invalid_grant' };
    n += 1;
    valid = `rt-${n}`;
    return { ok: true, tokens: { accessToken: `at-${n}`, refreshToken: valid, expiresInSeconds: 8 * 3600 } };
  };
  return { refresh, calls, revoke: () => (valid = 'revoked') };
}

describe('getAccessToken', () => {
  test("a refresh token goes only to the account server its login key names, whatever the record says", async () => {
    const { store, state } = memoryStore({ access: { token: 'at-old', expiresAt: 0 } });
    state.login = { accountServer: 'https://trap.example', clientId: 'ik', status: 'connected' };
    const endpoint = fakeTokenEndpoint();
    const seen: string[] = [];
    const refresh = (login: LoginRef, token: string) => {
      seen.push(login.accountServer);
      return endpoint.refresh(login, token);
    };
    const service = createTokenService({ store, refresh, withLock: createMemoryLock(), now: () => 1_000 });
    expect(await service.getAccessToken(KEY)).toMatchObject({ ok: false, error: { code: 'needs_reconnect' } });
    expect(seen).toEqual([]);
    // The record agreeing with the key: the refresh goes to the key's host.
    state.login = { accountServer: 'http://sim', clientId: 'ik', status: 'connected' };
    expect(await service.getAccessToken(KEY)).toMatchObject({ ok: true });
    expect(seen).toEqual(['http://sim']);
  });

  test('a fresh token is handed out without a refresh', async () => {
    const now = 1_000_000;
    const { store } = memoryStore({ access: { token: 'at-live', expiresAt: now + HOUR } });
    const endpoint = fakeTokenEndpoint();
    const service = createTokenService({ store, refresh: endpoint.refresh, withLock: createMemoryLock(), now: () => now });
    expect(await service.getAccessToken(KEY)).toEqual({ ok: true, value: { token: 'at-live', expiresAt: now + HOUR } });
    expect(endpoint.calls).toEqual([]);
  });

  test('a token inside the refresh margin is refreshed', async () => {
    const now = 1_000_000;
    const { store } = memoryStore({ access: { token: 'at-old', expiresAt: now + REFRESH_MARGIN_MS - 1 } });
    const endpoint = fakeTokenEndpoint();
    const service = createTokenService({ store, refresh: endpoint.refresh, withLock: createMemoryLock(), now: () => now });
    const answer = await service.getAccessToken(KEY);
    expect(answer).toMatchObject({ ok: true, value: { token: 'at-1' } });
    expect(endpoint.calls).toEqual(['rt-0']);
  });

  test('50 concurrent callers cause one refresh; the rotated refresh token is stored before the access token', async () => {
    const { store, state } = memoryStore({ access: { token: 'at-old', expiresAt: 0 } });
    const endpoint = fakeTokenEndpoint();
    const service = createTokenService({ store, refresh: endpoint.refresh, withLock: createMemoryLock(), now: () => 1_000 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => service.getAccessToken(KEY)));
    expect(endpoint.calls).toEqual(['rt-0']);
    expect(new Set(answers.map((a) => (a.ok ? a.value.token : a.error.code)))).toEqual(new Set(['at-1']));
    expect(state.refresh).toBe('rt-1');
    expect(state.writes).toEqual(['refresh:rt-1', 'access:at-1']);
  });

  test('two worker instances sharing storage and the lock refresh once (a restart mid-flight)', async () => {
    const { store } = memoryStore({ access: { token: 'at-old', expiresAt: 0 } });
    const endpoint = fakeTokenEndpoint();
    const lock = createMemoryLock();
    const before = createTokenService({ store, refresh: endpoint.refresh, withLock: lock, now: () => 1_000 });
    const after = createTokenService({ store, refresh: endpoint.refresh, withLock: lock, now: () => 1_000 });
    const answers = await Promise.all([
      ...Array.from({ length: 25 }, () => before.getAccessToken(KEY)),
      ...Array.from({ length: 25 }, () => after.getAccessToken(KEY)),
    ]);
    expect(endpoint.calls).toEqual(['rt-0']);
    expect(answers.every((a) => a.ok && a.value.token === 'at-1')).toBe(true);
  });

  test('invalid_grant marks the login needs-reconnect, and later calls do not retry', async () => {
    const { store, state } = memoryStore({ access: { token: 'at-old', expiresAt: 0 } });
    const endpoint = fakeTokenEndpoint();
    endpoint.revoke();
    const service = createTokenService({ store, refresh: endpoint.refresh, withLock: createMemoryLock(), now: () => 1_000 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => service.getAccessToken(KEY)));
    expect(answers.every((a) => !a.ok && a.error.code === 'needs_reconnect')).toBe(true);
    expect(state.login?.status).toBe('needs_reconnect');
    const again = await service.getAccessToken(KEY);
    expect(again).toMatchObject({ ok: false, error: { code: 'needs_reconnect' } });
    expect(endpoint.calls).toEqual(['rt-0']);
  });

  test('a network failure keeps the login linked and says to try again', async () => {
    const { store, state } = memoryStore({ access: { token: 'at-old', expiresAt: 0 } });
    const service = createTokenService({
      store,
      refresh: () => Promise.resolve({ ok: false, reason: 'unavailable', detail: 'network error' }),
      withLock: createMemoryLock(),
      now: () => 1_000,
    });
    expect(await service.getAccessToken(KEY)).toMatchObject({ ok: false, error: { code: 'auth_unreachable' } });
    expect(state.login?.status).toBe('connected');
    expect(state.refresh).toBe('rt-0');
  });

  test('a 401 for the access token marks the login needs-reconnect; later calls do not refresh', async () => {
    const { store, state } = memoryStore({ access: { token: 'at-live', expiresAt: 10 * HOUR } });
    const endpoint = fakeTokenEndpoint();
    const service = createTokenService({ store, refresh: endpoint.refresh, withLock: createMemoryLock(), now: () => 1_000 });
    // A token that is not (or no longer) the login's changes nothing.
    expect(await service.refused('at-other')).toBeUndefined();
    expect(state.login?.status).toBe('connected');
    expect(await service.refused('at-live')).toBe(KEY);
    expect(state.login?.status).toBe('needs_reconnect');
    expect(await service.getAccessToken(KEY)).toMatchObject({ ok: false, error: { code: 'needs_reconnect' } });
    expect(endpoint.calls).toEqual([]);
  });

  test('an unknown login is not linked', async () => {
    const { store, state } = memoryStore();
    state.login = undefined;
    const service = createTokenService({ store, refresh: fakeTokenEndpoint().refresh, withLock: createMemoryLock(), now: () => 0 });
    expect(await service.getAccessToken(KEY)).toMatchObject({ ok: false, error: { code: 'not_linked' } });
  });
});

describe('createMemoryLock', () => {
  test('runs holders of one name one at a time, and a failure does not block the next', async () => {
    const lock = createMemoryLock();
    let inside = 0;
    let most = 0;
    const body = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 2));
      inside -= 1;
    };
    const failing = lock('a', () => Promise.reject(new Error('boom')));
    await Promise.all([lock('a', body), lock('a', body), failing.catch(() => undefined), lock('a', body)]);
    expect(most).toBe(1);
  });
});
