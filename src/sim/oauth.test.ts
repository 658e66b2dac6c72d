/** The account server driven by a real OAuth client (oauth4webapi): PKCE, refresh rotation, code replay. */
import * as oauth from 'oauth4webapi';
import { describe, expect, test } from 'vitest';
import { createSim, driveLogin } from './index.ts';

const ORIGIN = 'http://127.0.0.1:8788';
const PUBLIC_KEY = '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83';
const CONFIDENTIAL_KEY = '9c7e1b4a-3f2d-4a8e-b6c5-1e0d9f8a7b62';
const REDIRECT = 'http://127.0.0.1:8787/oauth/callback';
const ALICE = { email: 'alice@example.com', password: 'alice-demo' };
const CAROL = { email: 'carol@example.com', password: 'carol-demo' };

const as: oauth.AuthorizationServer = {
  issuer: ORIGIN,
  authorization_endpoint: `${ORIGIN}/oauth/auth`,
  token_endpoint: `${ORIGIN}/oauth/token`,
  userinfo_endpoint: `${ORIGIN}/oauth/userinfo`,
};
const client: oauth.Client = { client_id: PUBLIC_KEY };

function setup() {
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  // oauth4webapi's custom fetch gets (url, { body, headers, method, redirect, signal? }).
  const viaSim = (url: string, init: oauth.CustomFetchOptions<string, unknown>) => sim.fetch(url, init as RequestInit);
  const options = { [oauth.customFetch]: viaSim, [oauth.allowInsecureRequests]: true };
  return { sim, options };
}

async function authorize(sim: ReturnType<typeof setup>['sim'], user = ALICE, scope = 'signature extended', consent: 'allow' | 'deny' = 'allow') {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint ?? '');
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: PUBLIC_KEY,
    redirect_uri: REDIRECT,
    scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  const result = await driveLogin(url.toString(), { ...user, consent, fetch: sim.fetch });
  return { ...result, verifier, state };
}

describe('authorization code grant with PKCE (public key)', () => {
  test('login, code, tokens, userinfo', async () => {
    const { sim, options } = setup();
    const { location, verifier, state, pages } = await authorize(sim);
    expect(pages).toEqual(['login']); // Alice consented already: no consent page
    const params = oauth.validateAuthResponse(as, client, new URL(location), state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, options);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(28800);
    expect(tokens.refresh_token).toBeTypeOf('string');
    expect(tokens.scope).toBe('signature extended');

    const info = await oauth.userInfoRequest(as, client, tokens.access_token, options);
    const body = (await info.json()) as { sub: string; accounts: { base_uri: string; is_default: boolean }[] };
    expect(body.sub).toBe('a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11');
    expect(body.accounts.map((a) => [a.base_uri, a.is_default])).toEqual([
      [`${ORIGIN}/na2`, true],
      [`${ORIGIN}/eu1`, false],
    ]);
    expect(sim.control.tokensIssued()).toEqual(expect.arrayContaining([params.get('code'), tokens.access_token, tokens.refresh_token]));
  });

  test('a replayed code is refused and revokes the tokens issued from it', async () => {
    const { sim, options } = setup();
    const { location, verifier, state } = await authorize(sim);
    const params = oauth.validateAuthResponse(as, client, new URL(location), state);
    const first = await oauth.processAuthorizationCodeResponse(
      as, client, await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, options),
    );
    const replay = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, verifier, options);
    expect(replay.status).toBe(400);
    expect(await replay.clone().json()).toEqual({ error: 'invalid_grant', error_description: 'expired_client_token' });
    await expect(oauth.processAuthorizationCodeResponse(as, client, replay)).rejects.toThrow();
    const info = await oauth.userInfoRequest(as, client, first.access_token, options);
    expect(info.status).toBe(401);
    const refresh = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), first.refresh_token ?? '', options);
    expect(refresh.status).toBe(400);
  });

  test('a wrong code_verifier and an expired code are refused', async () => {
    const { sim, options } = setup();
    const a = await authorize(sim);
    const params = oauth.validateAuthResponse(as, client, new URL(a.location), a.state);
    const wrong = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, oauth.generateRandomCodeVerifier(), options);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'code_verifier_invalid' });

    const b = await authorize(sim);
    await sim.control.advance(2 * 60_000 + 1);
    const late = await oauth.authorizationCodeGrantRequest(
      as, client, oauth.None(), oauth.validateAuthResponse(as, client, new URL(b.location), b.state), REDIRECT, b.verifier, options,
    );
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({ error: 'invalid_grant', error_description: 'expired_client_token' });
  });

  test('refresh rotates: the old refresh token stops working; without extended the 30-day end is kept', async () => {
    const { sim, options } = setup();
    const tokensFor = async (scope: string) => {
      const a = await authorize(sim, ALICE, scope);
      const params = oauth.validateAuthResponse(as, client, new URL(a.location), a.state);
      return oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, a.verifier, options));
    };
    const refreshWith = (token: string) => oauth.refreshTokenGrantRequest(as, client, oauth.None(), token, options);

    const plain = await tokensFor('signature');
    const extended = await tokensFor('signature extended');
    await sim.control.advance(20 * 24 * 3600_000);
    const plain2 = await oauth.processRefreshTokenResponse(as, client, await refreshWith(plain.refresh_token ?? ''));
    const ext2 = await oauth.processRefreshTokenResponse(as, client, await refreshWith(extended.refresh_token ?? ''));
    expect(plain2.refresh_token).not.toBe(plain.refresh_token);
    const reuse = await refreshWith(plain.refresh_token ?? '');
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toEqual({ error: 'invalid_grant', error_description: 'expired_client_token' });

    // Day 31 after login: the plain one died with its original 30 days; the extended one got a fresh 30.
    await sim.control.advance(11 * 24 * 3600_000);
    expect((await refreshWith(plain2.refresh_token ?? '')).status).toBe(400);
    expect((await refreshWith(ext2.refresh_token ?? '')).status).toBe(200);
  });

  test('consent page: Deny redirects with access_denied, Allow grants and returns a code', async () => {
    const { sim } = setup();
    const denied = await authorize(sim, CAROL, 'signature', 'deny');
    expect(denied.pages).toEqual(['login', 'consent']);
    const deniedUrl = new URL(denied.location);
    expect(deniedUrl.searchParams.get('error')).toBe('access_denied');
    expect(deniedUrl.searchParams.get('state')).toBe(denied.state);

    const allowed = await authorize(sim, CAROL, 'signature', 'allow');
    expect(new URL(allowed.location).searchParams.get('code')).toBeTruthy();
  });

  test('revoking consent kills the refresh tokens issued under it', async () => {
    const { sim, options } = setup();
    const a = await authorize(sim);
    const params = oauth.validateAuthResponse(as, client, new URL(a.location), a.state);
    const t = await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT, a.verifier, options));
    sim.control.revokeConsent('a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11', PUBLIC_KEY);
    expect((await oauth.refreshTokenGrantRequest(as, client, oauth.None(), t.refresh_token ?? '', options)).status).toBe(400);
  });
});

describe('login session, prompt=login and login_hint', () => {
  const authUrl = async (extra: Record<string, string> = {}) => {
    const verifier = oauth.generateRandomCodeVerifier();
    return `${ORIGIN}/oauth/auth?${new URLSearchParams({
      response_type: 'code', client_id: PUBLIC_KEY, redirect_uri: REDIRECT, scope: 'signature', state: 's',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    })}`;
  };
  async function loggedIn(sim: ReturnType<typeof setup>['sim']) {
    const page = await (await sim.fetch(await authUrl())).text();
    const request = /name="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const res = await sim.fetch(`${ORIGIN}/oauth/login`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ request, ...ALICE }) });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^ds_sim_session=/);
    return cookie;
  }

  test('a logged-in browser is sent straight back with a code; prompt=login shows the login page again', async () => {
    const { sim } = setup();
    const cookie = await loggedIn(sim);
    const silent = await sim.fetch(await authUrl(), { redirect: 'manual', headers: { cookie } });
    expect(new URL(silent.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    const forced = await sim.fetch(await authUrl({ prompt: 'login' }), { redirect: 'manual', headers: { cookie } });
    expect(forced.status).toBe(200);
    expect(await forced.text()).toContain('<button type="submit">Log in</button>');
  });

  test('login_hint fills the Email field, and a hint naming someone else asks for a login', async () => {
    const { sim } = setup();
    const hinted = await (await sim.fetch(await authUrl({ login_hint: 'bob@example.com' }))).text();
    expect(hinted).toContain('<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" value="bob@example.com">');
    const cookie = await loggedIn(sim);
    const other = await sim.fetch(await authUrl({ login_hint: 'bob@example.com' }), { redirect: 'manual', headers: { cookie } });
    expect(other.status).toBe(200);
    expect(await other.text()).toContain('Log in');
  });

  test('an oversized form is refused with 413', async () => {
    const { sim } = setup();
    const res = await sim.fetch(`${ORIGIN}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'x'.repeat(100_000) }) });
    expect([res.status, await res.json()]).toEqual([413, { error: 'invalid_request', error_description: 'request_too_large' }]);
  });
});

describe('confidential key (HTTP Basic)', () => {
  test('code grant with Basic auth; a wrong secret is invalid_client', async () => {
    const { sim, options } = setup();
    const redirect = 'http://127.0.0.1:8787/admin/consent/callback';
    const url = `${ORIGIN}/oauth/auth?${new URLSearchParams({ response_type: 'code', client_id: CONFIDENTIAL_KEY, redirect_uri: redirect, scope: 'signature', state: 's1' })}`;
    const { location } = await driveLogin(url, { ...ALICE, fetch: sim.fetch });
    const conf: oauth.Client = { client_id: CONFIDENTIAL_KEY };
    const params = oauth.validateAuthResponse(as, conf, new URL(location), 's1');
    const bad = await oauth.authorizationCodeGrantRequest(as, conf, oauth.ClientSecretBasic('nope'), params, redirect, oauth.nopkce, options);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'invalid_client', error_description: 'unauthorized_client' });
    const good = await oauth.authorizationCodeGrantRequest(as, conf, oauth.ClientSecretBasic('sim-secret-9c7e1b4a'), params, redirect, oauth.nopkce, options);
    expect((await oauth.processAuthorizationCodeResponse(as, conf, good)).access_token).toBeTypeOf('string');
  });
});
