/** Tokens DocuSign refuses each get their own clear error (in-process against the simulator). */
import { describe, expect, test } from 'vitest';
import { createSim } from '../sim/index.ts';
import type { ApiErrorBody } from '../shared/api.ts';
import { docusignLogin, SIM_USERS } from '../../test/support/docusign-login.ts';
import { createKit, send, SIM_ORIGIN } from '../../test/support/server-kit.ts';

async function errorOf(res: Response): Promise<ApiErrorBody['error'] & { status: number }> {
  return { status: res.status, ...((await res.json()) as ApiErrorBody).error };
}

describe('refused DocuSign tokens', () => {
  test('an expired token: docusign_token_expired, and nothing reaches eSignature', async () => {
    const kit = createKit();
    const token = await kit.login();
    expect((await send(kit.app, { token, key: 'key-exp-000001' })).status).toBe(201);
    await kit.sim.control.advance(8 * 3600_000 + 60_000); // ACG tokens live 8 hours
    const error = await errorOf(await send(kit.app, { token, key: 'key-exp-000002' }));
    expect(error).toMatchObject({ status: 401, code: 'docusign_token_expired' });
    expect(error.message).toMatch(/Reconnect DocuSign/);
    expect(kit.sim.control.envelopes()).toHaveLength(1);
  });

  test('a revoked token: docusign_token_revoked, even while its user profile is still cached', async () => {
    const kit = createKit();
    const token = await kit.login();
    expect((await send(kit.app, { token, key: 'key-rev-000001' })).status).toBe(201);
    kit.sim.control.revokeToken(token);
    const error = await errorOf(await send(kit.app, { token, key: 'key-rev-000002' }));
    expect(error).toMatchObject({ status: 401, code: 'docusign_token_revoked' });
    expect(kit.sim.control.envelopes()).toHaveLength(1);
    // The key is free again once the user reconnected.
    const fresh = await kit.login();
    expect((await send(kit.app, { token: fresh, key: 'key-rev-000002' })).status).toBe(201);
  });

  test('a token from another DocuSign environment: docusign_wrong_environment', async () => {
    const production = createSim({ origin: 'http://production.test' });
    const kit = createKit({
      config: { docusign: { accountServer: SIM_ORIGIN, clientId: 'x', scopes: ['signature'], redirectUri: 'http://127.0.0.1:8787/oauth/callback', otherAccountServers: ['http://production.test'] } },
      wrapFetch: (developer) => (input, init) => (new Request(input, init).url.startsWith('http://production.test/') ? production.fetch(input, init) : developer(input, init)),
    });
    const { accessToken } = await docusignLogin({ origin: 'http://production.test', fetch: production.fetch, user: SIM_USERS.alice });
    const error = await errorOf(await send(kit.app, { token: accessToken, key: 'key-env-000001' }));
    expect(error).toMatchObject({ status: 401, code: 'docusign_wrong_environment' });
    expect(error.message).toContain('production.test');
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign')).toEqual([]);
  });

  test('a token DocuSign never issued: docusign_token_invalid', async () => {
    const kit = createKit();
    const error = await errorOf(await send(kit.app, { token: 'eyJ0eXAiOiJNVCJ9.forged', key: 'key-bad-000001' }));
    expect(error).toMatchObject({ status: 401, code: 'docusign_token_invalid' });
  });

  test('a token without the signature scope is refused by eSignature: reconnect, not a 500', async () => {
    const kit = createKit();
    const { accessToken } = await docusignLogin({ origin: SIM_ORIGIN, fetch: kit.sim.fetch, user: SIM_USERS.alice, scope: 'extended' });
    const error = await errorOf(await send(kit.app, { token: accessToken, key: 'key-scope-0001' }));
    expect(error).toMatchObject({ status: 401, code: 'docusign_token_invalid' });
    expect(kit.sim.control.envelopes()).toEqual([]);
  });
});
