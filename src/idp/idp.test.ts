/** The demo identity provider: a real oidc-provider with public clients, PKCE S256 required, the seeded members. */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { idpLogin } from '../../test/support/idp-login.ts';
import { startIdp, type RunningIdp } from './index.ts';

const REDIRECT = 'http://127.0.0.1:8787/oidc/callback';

describe('demo identity provider', () => {
  let idp: RunningIdp;
  beforeAll(async () => {
    idp = await startIdp({ port: 0, host: '127.0.0.1', issuerPath: '/idp', redirectUris: [REDIRECT] });
  });
  afterAll(() => idp.close());

  test('discovery: code flow, PKCE S256 only, RS256 ID tokens, public clients', async () => {
    const d = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(d['issuer']).toBe(idp.issuer);
    expect(d['code_challenge_methods_supported']).toEqual(['S256']);
    expect(d['id_token_signing_alg_values_supported']).toContain('RS256');
    expect(d['response_types_supported']).toEqual(['code']);
  });

  test('a member signs in with password demo: an RS256 ID token with a verified e-mail and the nonce', async () => {
    const { idToken, nonce } = await idpLogin({ issuer: idp.issuer, clientId: 'signbridge-northwind', redirectUri: REDIRECT, email: 'erin@northwind.example' });
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: idp.issuer, audience: 'signbridge-northwind' });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ email: 'erin@northwind.example', email_verified: true, name: 'Erin Evans', nonce });
    const admin = await idpLogin({ issuer: idp.issuer, clientId: 'signbridge-adams', redirectUri: REDIRECT, email: 'adam.admin@adams.example' });
    const { payload: adminClaims } = await jwtVerify(admin.idToken, jwks);
    expect(adminClaims['groups']).toEqual(['signbridge-admins']);
  });

  test('a wrong password and an authorization request without PKCE are refused', async () => {
    await expect(idpLogin({ issuer: idp.issuer, clientId: 'signbridge-adams', redirectUri: REDIRECT, email: 'dana@adams.example', password: 'nope' })).rejects.toThrow(/too many redirects|unexpected page/);
    const noPkce = new URL(`${idp.issuer}/auth`);
    noPkce.search = new URLSearchParams({ client_id: 'signbridge-adams', redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's'.repeat(16) }).toString();
    const res = await fetch(noPkce, { redirect: 'manual' });
    expect(new URL(res.headers.get('location') ?? 'http://x/').searchParams.get('error')).toBe('invalid_request');
  });
});
