/**
 * The JWT grant's refusals as the administrator must see them, and the secrets of organization sending
 * (private key, JWT assertion, access tokens) in no log line, error or response.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { memoryLogger } from './log.ts';
import type { OrgConfig } from './org-config.ts';
import { idpLogin } from '../../test/support/idp-login.ts';
import { SIM_SYSTEM_USERS } from '../../test/support/docusign-login.ts';
import { createKit, createOrgKit, envelopeRequest, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as { error: { code: string; message: string } }).error });

describe('JWT grant refusals', () => {
  test('consent revoked: docusign_consent_required with the consent URL, the token endpoint asked once per send', async () => {
    const kit = await createOrgKit();
    try {
      kit.sim.control.revokeConsent(SIM_SYSTEM_USERS.northwind, kit.org.jwtClientId);
      const erin = await kit.signIn('erin@northwind.example', 'northwind');
      const tokenCalls = () => kit.sim.control.calls().filter((c) => c.path === '/oauth/token').length;
      const before = tokenCalls();
      const res = await send(kit.app, { token: erin.session, key: 'key-consent-0001', request: envelopeRequest({ accountId: SIM_ACCOUNTS.northwind }) });
      const error = await errorOf(res);
      expect(error).toMatchObject({ status: 424, code: 'docusign_consent_required' });
      const url = new URL(/https?:\/\/\S+/.exec(error.message)?.[0] ?? '');
      expect(url.pathname).toBe('/oauth/auth');
      expect(url.searchParams.get('client_id')).toBe(kit.org.jwtClientId);
      expect(url.searchParams.get('admin_consent_scope')).toBe('signature impersonation');
      expect(tokenCalls() - before).toBe(1);
      expect(kit.sim.control.envelopes().filter((e) => e.accountId === SIM_ACCOUNTS.northwind)).toEqual([]);
      // The next send asks once more (the administrator may have fixed it); Adams is not affected.
      await send(kit.app, { token: erin.session, key: 'key-consent-0002', request: envelopeRequest({ accountId: SIM_ACCOUNTS.northwind }) });
      expect(tokenCalls() - before).toBe(2);
      const dana = await kit.signIn('dana@adams.example', 'adams');
      expect((await send(kit.app, { token: dana.session, key: 'key-consent-0003' })).status).toBe(201);
    } finally {
      await kit.close();
    }
  });

  test('a key DocuSign does not know, a system user it does not know: their own codes, no retry', async () => {
    const kit = await createOrgKit();
    try {
      /** A server sharing the simulator and identity provider, with its organization setting changed. */
      const variant = async (change: (org: OrgConfig) => OrgConfig) => {
        const other = createKit({ sim: kit.sim, config: { org: change(kit.org) } });
        const { idToken, nonce } = await idpLogin({ issuer: kit.idp.issuer, clientId: 'signbridge-adams', redirectUri: kit.redirectUri, email: 'dana@adams.example' });
        const res = await other.app.request('/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identityProviderId: 'adams', idToken, nonce }) });
        const { session } = (await res.json()) as { session: string };
        const before = kit.sim.control.calls().filter((c) => c.path === '/oauth/token').length;
        const error = await errorOf(await send(other.app, { token: session, key: 'key-refused-0001' }));
        expect(kit.sim.control.calls().filter((c) => c.path === '/oauth/token').length - before).toBe(1);
        return error;
      };
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      expect(await variant((org) => ({ ...org, privateKey }))).toMatchObject({ status: 424, code: 'docusign_key_not_registered' });
      const stranger = 'f0f0f0f0-1111-4222-8333-444455556666';
      expect(await variant((org) => ({ ...org, tenants: org.tenants.map((t) => (t.id === 'adams' ? { ...t, systemUserId: stranger } : t)) }))).toMatchObject({
        status: 424,
        code: 'docusign_user_not_found',
      });
    } finally {
      await kit.close();
    }
  });
});

describe('secrets of organization sending', () => {
  test('the private key, the JWT assertions and the access tokens appear in no log line, error or response', async () => {
    const log = memoryLogger();
    const assertions: string[] = [];
    const kit = await createOrgKit({
      log,
      wrapFetch: (inner) => async (input, init) => {
        if (typeof init?.body === 'string' && init.body.includes('assertion=')) assertions.push(new URLSearchParams(init.body).get('assertion') ?? '');
        return inner(input, init);
      },
    });
    const bodies: string[] = [];
    const keep = async (res: Response) => {
      bodies.push(`${res.status} ${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await res.clone().text()}`);
      return res;
    };
    try {
      const dana = await kit.signIn('dana@adams.example', 'adams');
      await keep(await send(kit.app, { token: dana.session, key: 'key-secret-0001' }));
      await keep(await send(kit.app, { token: dana.session, key: 'key-secret-0002', request: envelopeRequest({ accountId: SIM_ACCOUNTS.northwind }) }));
      await keep(await kit.app.request('/v1/sessions/current', { headers: { Authorization: `Bearer ${dana.session}` } }));
      kit.sim.control.revokeConsent(SIM_SYSTEM_USERS.northwind, kit.org.jwtClientId);
      const erin = await kit.signIn('erin@northwind.example', 'northwind');
      await kit.sim.control.advance(3600_000);
      await keep(await send(kit.app, { token: erin.session, key: 'key-secret-0003', request: envelopeRequest({ accountId: SIM_ACCOUNTS.northwind }) }));
      await keep(await kit.app.request('/v1/config'));

      const pem = kit.org.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const keyLines = pem.split('\n').filter((l) => l.length > 40);
      const jwk = kit.org.privateKey.export({ format: 'jwk' });
      const secrets = [...keyLines, String(jwk.d), String(jwk.p), ...assertions, ...assertions.map((a) => a.split('.')[2] ?? ''), ...kit.sim.control.tokensIssued()];
      expect(assertions.length).toBeGreaterThan(0);
      expect(kit.sim.control.tokensIssued().length).toBeGreaterThan(0);
      const leaks = (haystack: readonly string[]) => secrets.filter((s) => s.length > 16 && haystack.some((h) => h.includes(s)));
      expect(leaks(log.lines)).toEqual([]);
      expect(leaks(bodies)).toEqual([]);
      // The public half may be shown; it is what the administrator registers.
      expect(createPublicKey(kit.org.privateKey).export({ type: 'spki', format: 'pem' })).toBeDefined();

      // The search finds a leak when there is one: a deliberate one in a test-only logger.
      const leaky = memoryLogger();
      leaky.info('deliberate leak', { note: assertions[0], detail: `key ${keyLines[1] ?? ''}` });
      expect(leaks(leaky.lines).length).toBeGreaterThanOrEqual(2);
    } finally {
      await kit.close();
    }
  });
});
