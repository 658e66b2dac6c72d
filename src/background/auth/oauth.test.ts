/**
 * The OAuth calls as the worker makes them (oauth4webapi, public client, PKCE), against a listening
 * DocuSign simulator: code exchange, userinfo, refresh with rotation, and how failures are classified.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { driveLogin, startSimServer, type SimServer } from '../../sim/index.ts';
import { authorizationUrl, exchangeCode, newPkce, OAuthFailure, readUserInfo, refreshTokens, type OAuthConfig } from './oauth.ts';

const CLIENT_ID = '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83';
const REDIRECT_URI = 'http://127.0.0.1:8787/oauth/callback';

let sim: SimServer;
let config: OAuthConfig;
beforeAll(async () => {
  sim = await startSimServer({ port: 0 });
  config = { accountServer: sim.origin, clientId: CLIENT_ID, scopes: ['signature', 'extended'], redirectUri: REDIRECT_URI };
});
afterAll(async () => {
  await sim.close();
});

async function signIn(email = 'alice@example.com', password = 'alice-demo') {
  const pkce = await newPkce();
  const url = authorizationUrl(config, { state: pkce.state, codeChallenge: pkce.challenge, forceLogin: true });
  const { location } = await driveLogin(url, { email, password, fetch });
  return { pkce, location };
}

describe('oauth against the simulator', () => {
  test('the authorization URL asks for a PKCE S256 code as a public client', async () => {
    const { pkce } = await signIn();
    const url = new URL(authorizationUrl(config, { state: pkce.state, codeChallenge: pkce.challenge, forceLogin: false }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      scope: 'signature extended',
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      state: pkce.state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
  });

  test('exchanges the code with the verifier, reads userinfo, refreshes with rotation', async () => {
    const { pkce, location } = await signIn();
    const tokens = await exchangeCode(config, pkce.state, location, pkce.verifier);
    expect(tokens.expiresInSeconds).toBe(28_800);
    expect(tokens.refreshToken).toBeDefined();
    const info = await readUserInfo(config, tokens.accessToken);
    expect(info).toMatchObject({ name: 'Alice Adams', email: 'alice@example.com' });
    expect(info.accounts.map((a) => `${a.site}:${String(a.isDefault)}`)).toEqual(['na2:true', 'eu1:false']);

    const refreshed = await refreshTokens(config, tokens.refreshToken ?? '');
    expect(refreshed.ok).toBe(true);
    if (!refreshed.ok) return;
    expect(refreshed.tokens.refreshToken).not.toBe(tokens.refreshToken);
    // The spent refresh token is refused for good.
    expect(await refreshTokens(config, tokens.refreshToken ?? '')).toEqual({ ok: false, reason: 'invalid_grant' });
  });

  test('a wrong verifier, a replayed code and a state mismatch are refused, not linked', async () => {
    const { pkce, location } = await signIn();
    const other = await newPkce();
    await expect(exchangeCode(config, pkce.state, location, other.verifier)).rejects.toMatchObject({ reason: 'invalid_grant' });
    await expect(exchangeCode(config, other.state, location, pkce.verifier)).rejects.toBeInstanceOf(OAuthFailure);
  });

  test('DocuSign trouble (5xx, dropped connection) is "unavailable", never "invalid_grant"', async () => {
    sim.sim.control.inject({ method: 'POST', path: '/oauth/token', mode: 'error503' });
    expect(await refreshTokens(config, 'anything')).toMatchObject({ ok: false, reason: 'unavailable' });
    sim.sim.control.inject({ method: 'POST', path: '/oauth/token', mode: 'drop' });
    expect(await refreshTokens(config, 'anything')).toMatchObject({ ok: false, reason: 'unavailable' });
    const { pkce, location } = await signIn();
    sim.sim.control.inject({ method: 'POST', path: '/oauth/token', mode: 'error500' });
    await expect(exchangeCode(config, pkce.state, location, pkce.verifier)).rejects.toMatchObject({ reason: 'unavailable' });
  });

  test('plain HTTP is refused for an account server that is not on this computer', async () => {
    await expect(refreshTokens({ accountServer: 'http://account.example.test', clientId: CLIENT_ID }, 'x')).resolves.toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
  });
});
