/**
 * Issue 14, finding 8: a public server is cheap to abuse only as far as DocuSign lets it be. A bad token
 * costs at most one userinfo call per minute (refusals cached by the token's hash), DocuSign's other
 * environment is asked only about a token that could be a login linked there, and a caller or account
 * that is refused is refused before the body of an upload is read. Calls are counted at the simulators.
 */
import { describe, expect, test } from 'vitest';
import { createSim, type Sim } from '../sim/index.ts';
import { docusignLogin, SIM_USERS } from '../../test/support/docusign-login.ts';
import { createKit, envelopeRequest, PUBLIC_URL, send, SIM_ACCOUNTS, SIM_ORIGIN } from '../../test/support/server-kit.ts';

const userinfoCalls = (sim: Sim) => sim.control.calls().filter((c) => c.path === '/oauth/userinfo').length;

/** The kit configured for developer, with a second simulator as "production", DocuSign's other environment. */
function twoEnvironments() {
  const production = createSim({ origin: 'http://production.test' });
  const kit = createKit({
    config: {
      docusign: { accountServer: SIM_ORIGIN, clientId: 'x', scopes: ['signature'], redirectUri: `${PUBLIC_URL}/oauth/callback`, otherAccountServers: ['http://production.test'] },
    },
    wrapFetch: (developer) => (input, init) => (new Request(input, init).url.startsWith('http://production.test/') ? production.fetch(input, init) : developer(input, init)),
  });
  return { kit, production };
}

const forged = (n: number) => `eyJ0eXAiOiJNVCJ9.forged-${n}`;

describe('refused tokens', () => {
  test('the same bad token is refused from the cache: one userinfo call a minute, the token never held', async () => {
    const kit = createKit();
    for (let i = 0; i < 5; i++) {
      const res = await send(kit.app, { token: forged(1), key: `key-cache-00${i}` });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('docusign_token_invalid');
    }
    expect(userinfoCalls(kit.sim)).toBe(1);
    await kit.sim.control.advance(61_000);
    expect((await send(kit.app, { token: forged(1), key: 'key-cache-009' })).status).toBe(401);
    expect(userinfoCalls(kit.sim)).toBe(2);
  });

  test('the other environment is asked only about a token it may have issued, never about one seen working here', async () => {
    const { kit, production } = twoEnvironments();
    // Not shaped like a DocuSign token: no DocuSign issued it, nobody else is asked.
    expect((await send(kit.app, { token: 'not-a-docusign-token', key: 'key-env-000001' })).status).toBe(401);
    expect(userinfoCalls(production)).toBe(0);
    // Seen working here, then revoked: revoked, explained without asking production.
    const token = await kit.login();
    expect((await send(kit.app, { token, key: 'key-env-000002' })).status).toBe(201);
    kit.sim.control.revokeToken(token);
    const revoked = await send(kit.app, { token, key: 'key-env-000003' });
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('docusign_token_revoked');
    expect(userinfoCalls(production)).toBe(0);
    // A login linked at production: asked once, explained, and the explanation cached.
    const { accessToken } = await docusignLogin({ origin: 'http://production.test', fetch: production.fetch, user: SIM_USERS.alice });
    for (const key of ['key-env-000004', 'key-env-000005']) {
      const res = await send(kit.app, { token: accessToken, key });
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('docusign_wrong_environment');
    }
    expect(userinfoCalls(production)).toBe(1);
  });

  test('a stream of DocuSign-shaped forgeries makes at most 30 questions a minute to the other environment', async () => {
    const { kit, production } = twoEnvironments();
    for (let i = 0; i < 40; i++) expect((await send(kit.app, { token: forged(i), key: `key-flood-${i}0000` })).status).toBe(401);
    expect(userinfoCalls(kit.sim)).toBe(40);
    expect(userinfoCalls(production)).toBe(30);
  });
});

/** A 60 MB upload that is streamed slowly and never ends; counts what the server pulled. */
function endlessUpload() {
  let pulled = 0;
  const chunk = new Uint8Array(16 * 1024);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += chunk.byteLength;
      // Never closes: a server that reads the body to its end would never answer.
      if (pulled < 60 * 1024 * 1024) controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => pulled };
}

describe('refused before the body is read', () => {
  const headers = (token: string, account?: string): Record<string, string> => ({
    Authorization: `Bearer ${token}`,
    'Idempotency-Key': 'key-early-00001',
    'Content-Type': 'multipart/form-data; boundary=xyz',
    ...(account === undefined ? {} : { 'SignBridge-Account': account }),
  });

  test('a bad token gets its 401 while the upload is still streaming', async () => {
    const kit = createKit();
    const upload = endlessUpload();
    const res = await kit.app.request('/v1/envelopes', { method: 'POST', headers: headers(forged(7)), body: upload.body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(401);
    expect(upload.pulled()).toBeLessThan(1024 * 1024);
  });

  test('an account the login is not a member of gets its 403 while the upload is still streaming', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const upload = endlessUpload();
    const res = await kit.app.request('/v1/envelopes', { method: 'POST', headers: headers(token, SIM_ACCOUNTS.bob), body: upload.body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('account_not_member');
    expect(upload.pulled()).toBeLessThan(1024 * 1024);
  });

  test('the header and the request part must name the same account', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const res = await send(kit.app, { token, key: 'key-early-00002', account: SIM_ACCOUNTS.aliceUs, request: envelopeRequest({ accountId: SIM_ACCOUNTS.bob }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('SignBridge-Account');
    expect((await send(kit.app, { token, key: 'key-early-00003', account: SIM_ACCOUNTS.aliceUs })).status).toBe(201);
  });
});
