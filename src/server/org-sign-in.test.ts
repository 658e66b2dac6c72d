/**
 * POST /v1/sessions against a real in-process oidc-provider: good sign-ins, and ID tokens minted here
 * with jose that each fail one check (issuer, audience, expiry, signature, algorithm, key, nonce).
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionResponse } from '../shared/api.ts';
import { idpLogin } from '../../test/support/idp-login.ts';
import { createOrgKit, send } from '../../test/support/server-kit.ts';

type OrgKit = Awaited<ReturnType<typeof createOrgKit>>;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('organization sign-in', () => {
  let kit: OrgKit;
  let idpKey: CryptoKey;
  let otherKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    idpKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(pair.privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
    kit = await createOrgKit({ idpKeys: [jwk] });
  });
  afterAll(() => kit.close());

  const nowS = () => Math.floor(kit.sim.control.now() / 1000);
  const nonce = () => randomBytes(16).toString('base64url');
  const claims = (n: string, extra: Record<string, unknown> = {}) => ({
    iss: kit.idp.issuer,
    aud: 'signbridge-adams',
    sub: 'member-dana-7c1e',
    email: 'dana@adams.example',
    email_verified: true,
    name: 'Dana Diaz',
    nonce: n,
    iat: nowS(),
    exp: nowS() + 300,
    ...extra,
  });
  const mint = (payload: Record<string, unknown>, key: CryptoKey = idpKey, kid = 'test-key-1') =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(key);
  const exchange = (idToken: string, n: string, identityProviderId = 'adams') =>
    kit.app.request('/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identityProviderId, idToken, nonce: n }) });
  const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: { code: string; message: string } }).error });

  test('a token minted with the identity provider\'s own key and right claims is accepted (the baseline)', async () => {
    const n = nonce();
    const res = await exchange(await mint(claims(n)), n);
    expect(res.status).toBe(201);
  });

  test('each bad ID token is refused with its own code', async () => {
    const cases: [string, () => Promise<[string, string]>][] = [
      ['id_token_wrong_issuer', async () => { const n = nonce(); return [await mint(claims(n, { iss: 'https://idp.evil.example' })), n]; }],
      ['id_token_wrong_audience', async () => { const n = nonce(); return [await mint(claims(n, { aud: 'signbridge-northwind' })), n]; }],
      ['id_token_expired', async () => { const n = nonce(); return [await mint(claims(n, { iat: nowS() - 7200, exp: nowS() - 3600 })), n]; }],
      ['id_token_bad_signature', async () => { const n = nonce(); return [await mint(claims(n), otherKey, 'test-key-1'), n]; }],
      ['id_token_unknown_key', async () => { const n = nonce(); return [await mint(claims(n), otherKey, 'not-published'), n]; }],
      ['id_token_alg_not_allowed', () => { const n = nonce(); return Promise.resolve([`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(n))}.`, n]); }],
      ['id_token_alg_not_allowed', async () => {
        const n = nonce();
        return [await new SignJWT(claims(n)).setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' }).sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!')), n];
      }],
      ['id_token_nonce_mismatch', async () => [await mint(claims(nonce())), nonce()]],
      ['id_token_invalid', () => Promise.resolve(['not.a.jwt', nonce()])],
      ['email_not_verified', async () => { const n = nonce(); return [await mint(claims(n, { email_verified: false })), n]; }],
    ];
    const seen: string[] = [];
    for (const [code, make] of cases) {
      const [token, n] = await make();
      const error = await errorOf(await exchange(token, n));
      expect(error.code, code).toBe(code);
      expect([400, 401, 403]).toContain(error.status);
      seen.push(error.code);
    }
    expect(new Set(seen).size).toBe(cases.length - 1);
  });

  test('an ID token is good for one session only: the nonce is spent', async () => {
    const n = nonce();
    const token = await mint(claims(n));
    expect((await exchange(token, n)).status).toBe(201);
    expect(await errorOf(await exchange(token, n))).toMatchObject({ status: 401, code: 'id_token_nonce_replayed' });
  });

  test('a verified address of no tenant\'s domain: no_tenant_for_domain, saying whom to ask', async () => {
    const { idToken, nonce: n } = await idpLogin({ issuer: kit.idp.issuer, clientId: 'signbridge-adams', redirectUri: kit.redirectUri, email: 'olga@outsider.example' });
    const error = await errorOf(await exchange(idToken, n));
    expect(error).toMatchObject({ status: 403, code: 'no_tenant_for_domain' });
    expect(error.message).toBe('outsider.example does not belong to an organization that uses SignBridge here. Ask your IT administrator.');
  });

  test('the tenant follows the verified domain, never the provider chosen: Northwind through Adams\'s client is refused', async () => {
    const { idToken, nonce: n } = await idpLogin({ issuer: kit.idp.issuer, clientId: 'signbridge-adams', redirectUri: kit.redirectUri, email: 'erin@northwind.example' });
    expect(await errorOf(await exchange(idToken, n))).toMatchObject({ status: 403, code: 'wrong_identity_provider' });
    expect(await errorOf(await exchange('x.y.z', nonce(), 'no-such-provider'))).toMatchObject({ status: 400, code: 'unknown_identity_provider' });
  });

  test('a session reads back, ends on DELETE, and expires after its lifetime', async () => {
    const dana = await kit.signIn('dana@adams.example', 'adams');
    const auth = { Authorization: `Bearer ${dana.session}` };
    const current = await kit.app.request('/v1/sessions/current', { headers: auth });
    expect(current.status).toBe(200);
    expect((await current.json()) as SessionResponse).toEqual(dana);
    expect((await kit.app.request('/v1/sessions/current', { method: 'DELETE', headers: auth })).status).toBe(204);
    const after = await errorOf(await kit.app.request('/v1/sessions/current', { headers: auth }));
    expect(after).toMatchObject({ status: 401, code: 'session_expired', message: 'Sign in with Adams Consulting again.' });
    const sendAfter = await send(kit.app, { token: dana.session, key: 'key-after-signout' });
    expect(sendAfter.status).toBe(401);

    const erin = await kit.signIn('erin@northwind.example', 'northwind');
    await kit.sim.control.advance(3600_000);
    expect(await errorOf(await kit.app.request('/v1/sessions/current', { headers: { Authorization: `Bearer ${erin.session}` } }))).toMatchObject({
      status: 401,
      code: 'session_expired',
      message: 'Sign in with Northwind Traders again.',
    });
  });

  test('the store keeps the session\'s hash only', async () => {
    const dana = await kit.signIn('dana@adams.example', 'adams');
    const { createHash } = await import('node:crypto');
    const row = await kit.store.getSession(createHash('sha256').update(dana.session).digest('hex'));
    expect(row?.email).toBe('dana@adams.example');
    expect(JSON.stringify(row)).not.toContain(dana.session);
  });
});
