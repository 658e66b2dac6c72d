/** The JWT bearer grant with assertions signed by jose, and admin consent. */
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createSim, driveLogin } from './index.ts';
import { ACCOUNTS, api, CONFIDENTIAL_KEY, ORIGIN, USERS } from './test-helpers.ts';

const AUD = '127.0.0.1:8788';
let privateKey: CryptoKey;
let publicPem: string;
let otherKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { modulusLength: 2048 });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  otherKey = (await generateKeyPair('RS256', { modulusLength: 2048 })).privateKey;
});

function setup(consent = true) {
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  sim.control.addRsaPublicKey(CONFIDENTIAL_KEY, publicPem);
  if (consent) sim.control.grantConsent(USERS.system.sub, CONFIDENTIAL_KEY, ['signature', 'impersonation']);
  return sim;
}

async function assertion(sim: ReturnType<typeof setup>, claims: Record<string, unknown> = {}, key: CryptoKey = privateKey, lifetime = 600) {
  const iat = Math.floor(sim.control.now() / 1000);
  const payload = { iss: CONFIDENTIAL_KEY, sub: USERS.system.sub, aud: AUD, iat, exp: iat + lifetime, scope: 'signature impersonation', ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
}

const grant = (sim: ReturnType<typeof setup>, jwt: string) =>
  sim.fetch(`${ORIGIN}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }),
  });

describe('JWT bearer grant', () => {
  test('a valid assertion gets a one-hour token and no refresh token; it works for eSignature', async () => {
    const sim = setup();
    const res = await grant(sim, await assertion(sim));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body['refresh_token']).toBeUndefined();
    const us = api(sim, String(body['access_token']), ACCOUNTS.aliceUs);
    expect((await us.call('GET', '/templates')).status).toBe(200);
    await sim.control.advance(3600_000 + 1);
    expect((await us.call('GET', '/templates')).status).toBe(401);
  });

  test('consent_required until the user consented to signature impersonation', async () => {
    const sim = setup(false);
    const res = await grant(sim, await assertion(sim));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'consent_required' });
  });

  test.each([
    ['a key that is not registered', async (sim: ReturnType<typeof setup>) => assertion(sim, {}, otherKey), 'no_valid_keys_or_signatures'],
    ['an unknown issuer', async (sim: ReturnType<typeof setup>) => assertion(sim, { iss: 'nobody' }), 'issuer_not_found'],
    ['an unknown user', async (sim: ReturnType<typeof setup>) => assertion(sim, { sub: '00000000-0000-4000-8000-000000000000' }), 'user_not_found'],
    ['the wrong audience', async (sim: ReturnType<typeof setup>) => assertion(sim, { aud: 'account-d.docusign.com' }), 'invalid_audience'],
    ['a lifetime over one hour', async (sim: ReturnType<typeof setup>) => assertion(sim, {}, privateKey, 7200), 'invalid_exp'],
  ])('refuses %s', async (_name, make, description) => {
    const sim = setup();
    const res = await grant(sim, await make(sim));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_grant', error_description: description });
  });

  test('an expired assertion is refused', async () => {
    const sim = setup();
    const jwt = await assertion(sim);
    await sim.control.advance(11 * 60_000);
    expect(await (await grant(sim, jwt)).json()).toEqual({ error: 'invalid_grant', error_description: 'no_valid_keys_or_signatures' });
  });
});

describe('admin consent', () => {
  test('an account admin consents for every member of the accounts they administer', async () => {
    const sim = setup(false);
    const url = `${ORIGIN}/oauth/auth?${new URLSearchParams({
      response_type: 'code',
      scope: 'openid',
      client_id: CONFIDENTIAL_KEY,
      redirect_uri: 'http://127.0.0.1:8787/admin/consent/callback',
      admin_consent_scope: 'signature impersonation',
      state: 'adm',
    })}`;
    const { pages, location } = await driveLogin(url, { ...USERS.system, fetch: sim.fetch });
    expect(pages).toEqual(['login', 'consent']);
    expect(new URL(location).searchParams.get('state')).toBe('adm');
    // Alice is a member of the account the system user administers: the grant now works for her too.
    const forAlice = await grant(sim, await assertion(sim, { sub: USERS.alice.sub }));
    expect(forAlice.status).toBe(200);
    // Bob is not.
    expect(await (await grant(sim, await assertion(sim, { sub: USERS.bob.sub }))).json()).toEqual({ error: 'consent_required' });
  });

  test('a user who administers no account cannot give admin consent', async () => {
    const sim = setup(false);
    const url = `${ORIGIN}/oauth/auth?${new URLSearchParams({
      response_type: 'code', scope: 'openid', client_id: CONFIDENTIAL_KEY,
      redirect_uri: 'http://127.0.0.1:8787/admin/consent/callback', admin_consent_scope: 'signature impersonation',
    })}`;
    const { location } = await driveLogin(url, { ...USERS.bob, fetch: sim.fetch });
    expect(new URL(location).searchParams.get('error')).toBe('access_denied');
  });
});
