/**
 * The worker's OpenID Connect client (oauth4webapi, public client, PKCE) against the real demo identity
 * provider (oidc-provider): discovery, the authorization request, the code exchange with its nonce check.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startIdp, type RunningIdp } from '../../idp/index.ts';
import { discover, exchangeMemberCode, memberAuthorizationUrl, newMemberSecrets, type MemberClient } from './member-oidc.ts';
import { OAuthFailure } from './oauth.ts';

const REDIRECT = 'http://127.0.0.1:8787/oidc/callback';
let idp: RunningIdp;
let client: MemberClient;
beforeAll(async () => {
  idp = await startIdp({ port: 0, host: '127.0.0.1', redirectUris: [REDIRECT] });
  client = { issuer: idp.issuer, clientId: 'signbridge-adams', redirectUri: REDIRECT, scopes: ['openid', 'email', 'profile'] };
});
afterAll(async () => {
  await idp.close();
});

/** Follows the identity provider's pages as a browser would, signs in, and returns the callback URL it redirects to. */
async function signIn(authUrl: string, email: string): Promise<string> {
  const cookies = new Map<string, string>();
  let url = authUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop++) {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie } });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    const location = res.headers.get('location');
    if (location !== null) {
      const next = new URL(location, url).toString();
      if (next.startsWith(REDIRECT)) return next;
      [url, init] = [next, {}];
      continue;
    }
    const action = /<form method="post" action="([^"]+)"/.exec(await res.text())?.[1] ?? '';
    url = new URL(action, url).toString();
    init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password: 'demo' }).toString() };
  }
  throw new Error('too many hops');
}

describe('member sign-in against oidc-provider', () => {
  test('discovery, PKCE S256 with state and nonce, and an ID token carrying our nonce', async () => {
    const metadata = await discover(idp.issuer);
    expect(metadata.issuer).toBe(idp.issuer);
    const secrets = await newMemberSecrets();
    const url = new URL(memberAuthorizationUrl(metadata, client, secrets));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code', client_id: 'signbridge-adams', code_challenge_method: 'S256', state: secrets.state, nonce: secrets.nonce,
    });
    expect(url.searchParams.has('client_secret')).toBe(false);
    const callback = await signIn(url.toString(), 'dana@adams.example');
    const tokens = await exchangeMemberCode(metadata, client, secrets, callback);
    const claims = JSON.parse(Buffer.from(tokens.idToken.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ iss: idp.issuer, aud: 'signbridge-adams', nonce: secrets.nonce, email: 'dana@adams.example' });
    expect(tokens.email).toBe('dana@adams.example');
  });

  test('a code answered with another nonce or another state is refused', async () => {
    const metadata = await discover(idp.issuer);
    const secrets = await newMemberSecrets();
    const callback = await signIn(memberAuthorizationUrl(metadata, client, secrets), 'dana@adams.example');
    await expect(exchangeMemberCode(metadata, client, { ...secrets, state: 'other' }, callback)).rejects.toBeInstanceOf(OAuthFailure);
    const again = await newMemberSecrets();
    const second = await signIn(memberAuthorizationUrl(metadata, client, again), 'dana@adams.example');
    await expect(exchangeMemberCode(metadata, client, { ...again, nonce: 'not-the-nonce' }, second)).rejects.toBeInstanceOf(OAuthFailure);
  });
});
