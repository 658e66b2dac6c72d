/** Organization sending end to end in-process: the simulator, a real oidc-provider, member sessions, JWT grant. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { EnvelopeResponse, SessionResponse, SigningSessionResponse } from '../shared/api.ts';
import { SIM_SYSTEM_USERS } from '../../test/support/docusign-login.ts';
import { idpLogin } from '../../test/support/idp-login.ts';
import { createOrgKit, envelopeRequest, orgSuiteAsDana, pdf, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('organization sending', () => {
  const world = orgSuiteAsDana();

  test('a member signs in: a session for its tenant, which sends as its account', () => {
    expect(world.dana.session).toMatch(/^sbs_/);
    expect(world.dana.member).toEqual({ sub: 'member-dana-7c1e', email: 'dana@adams.example', name: 'Dana Diaz' });
    expect(world.dana.tenant).toEqual({ id: 'adams', name: 'Adams Consulting' });
    expect(world.dana.sendAs).toEqual([{ accountId: SIM_ACCOUNTS.aliceUs, accountName: 'Adams Consulting (US)', site: 'na2' }]);
  });

  test('a member sends as Adams Consulting: one envelope, sent by the system user, member recorded, same bytes; signing works', async () => {
    const before = world.kit.sim.control.envelopes().length;
    const doc = pdf(2, 'Offer');
    const res = await send(world.kit.app, { token: world.dana.session, key: 'key-org-send-01', documents: [{ bytes: doc, name: 'Offer.pdf' }] });
    expect(res.status).toBe(201);
    const body = (await res.json()) as EnvelopeResponse;
    const envelopes = world.kit.sim.control.envelopes().slice(before);
    expect(envelopes).toHaveLength(1);
    const e = envelopes[0];
    expect(e?.accountId).toBe(SIM_ACCOUNTS.aliceUs);
    expect(e?.createdBy).toEqual({ clientId: world.kit.org.jwtClientId, sub: SIM_SYSTEM_USERS.adams });
    expect(e?.documents.map((d) => d.sha256)).toEqual([sha256(doc)]);
    expect(e?.customFields.textCustomFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'signbridge_member_email', value: 'dana@adams.example' }),
        expect.objectContaining({ name: 'signbridge_member_sub', value: 'member-dana-7c1e' }),
      ]),
    );
    expect(world.kit.log.lines.some((l) => l.includes('audit: member sent an envelope') && l.includes('dana@adams.example') && l.includes(body.envelopeId))).toBe(true);

    const signer = body.recipients.find((r) => r.signsNow);
    const session = await world.kit.app.request(`/v1/envelopes/${body.envelopeId}/signing-sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${world.dana.session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: SIM_ACCOUNTS.aliceUs, recipientId: signer?.recipientId }),
    });
    expect(session.status).toBe(201);
    const { url } = (await session.json()) as SigningSessionResponse;
    const page = await world.kit.sim.fetch(url);
    expect(page.status).toBe(200);
  });

  const docusignCalls = () => world.kit.sim.control.calls().filter((c) => c.kind !== 'sim').length;
  const tokenRequests = () => world.kit.sim.control.calls().filter((c) => c.path === '/oauth/token').length;
  const post = (path: string, token: string, body: unknown) =>
    world.kit.app.request(path, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  test('a Northwind member sends from its own tenant (eu1); asking for Adams\'s account: 403 and no DocuSign call', async () => {
    const erin = await world.kit.signIn('erin@northwind.example', 'northwind');
    expect(erin.sendAs).toEqual([{ accountId: SIM_ACCOUNTS.northwind, accountName: 'Northwind Traders', site: 'eu1' }]);
    const own = await send(world.kit.app, { token: erin.session, key: 'key-org-nw-0001', request: envelopeRequest({ accountId: SIM_ACCOUNTS.northwind }) });
    expect(own.status).toBe(201);
    expect(world.kit.sim.control.envelopes().at(-1)?.createdBy.sub).toBe(SIM_SYSTEM_USERS.northwind);

    const before = docusignCalls();
    const other = await send(world.kit.app, { token: erin.session, key: 'key-org-nw-0002', request: envelopeRequest({ accountId: SIM_ACCOUNTS.aliceUs }) });
    expect(other.status).toBe(403);
    expect((await codeOf(other)).code).toBe('account_not_allowed');
    const bob = await send(world.kit.app, { token: erin.session, key: 'key-org-nw-0003', request: envelopeRequest({ accountId: SIM_ACCOUNTS.bob }) });
    expect(bob.status).toBe(403);
    expect(docusignCalls()).toBe(before);
  });

  test('signing sessions and console views only for envelopes the member\'s tenant sent', async () => {
    const sent = await send(world.kit.app, { token: world.dana.session, key: 'key-org-iso-001' });
    const envelope = (await sent.json()) as EnvelopeResponse;
    const signer = envelope.recipients.find((r) => r.signsNow)?.recipientId;
    const erin = await world.kit.signIn('erin@northwind.example', 'northwind');
    const before = docusignCalls();
    // Through Adams's account: not Erin's tenant's account.
    const viaAdams = await post(`/v1/envelopes/${envelope.envelopeId}/signing-sessions`, erin.session, { accountId: SIM_ACCOUNTS.aliceUs, recipientId: signer });
    expect(viaAdams.status).toBe(403);
    expect((await codeOf(viaAdams)).code).toBe('account_not_allowed');
    // Through Northwind's own account: an envelope Northwind never sent.
    const viaOwn = await post(`/v1/envelopes/${envelope.envelopeId}/signing-sessions`, erin.session, { accountId: SIM_ACCOUNTS.northwind, recipientId: signer });
    expect(viaOwn.status).toBe(403);
    expect((await codeOf(viaOwn)).code).toBe('envelope_not_allowed');
    const console = await post(`/v1/envelopes/${envelope.envelopeId}/console-views`, erin.session, { accountId: SIM_ACCOUNTS.northwind });
    expect(console.status).toBe(403);
    expect(docusignCalls()).toBe(before);
    // Dana's own tenant may open it in DocuSign.
    const own = await post(`/v1/envelopes/${envelope.envelopeId}/console-views`, world.dana.session, { accountId: SIM_ACCOUNTS.aliceUs });
    expect(own.status).toBe(201);
  });

  test('a request may not set the member fields itself', async () => {
    const res = await send(world.kit.app, { token: world.dana.session, key: 'key-org-spoof-1', request: envelopeRequest({ fields: [{ name: 'signbridge_member_email', value: 'ceo@adams.example' }] }) });
    expect(res.status).toBe(400);
  });

  test('100 concurrent organization sends on a cold cache: 100 envelopes, one JWT token request', async () => {
    const fresh = await createOrgKit({ sim: world.kit.sim });
    try {
      const { idToken, nonce } = await idpLogin({ issuer: fresh.idp.issuer, clientId: 'signbridge-adams', redirectUri: fresh.redirectUri, email: 'dana@adams.example' });
      // A session made without warming the cache: the tenant's account is not looked up at sign-in.
      world.kit.sim.control.inject({ path: '/oauth/token', mode: 'error503', count: 1 });
      const res = await fresh.app.request('/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identityProviderId: 'adams', idToken, nonce }) });
      expect(res.status).toBe(201);
      const member = (await res.json()) as SessionResponse;
      const tokensBefore = tokenRequests();
      const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => send(fresh.app, { token: member.session, key: `key-org-cold-${String(i).padStart(4, '0')}` })));
      expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 100 }, () => 201));
      expect(tokenRequests() - tokensBefore).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  test('a token near expiry is renewed once, however many sends need it', async () => {
    const tokensBefore = tokenRequests();
    // DocuSign's JWT tokens last an hour; 56 minutes later it is inside the renewal margin.
    await world.kit.sim.control.advance(56 * 60_000);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send(world.kit.app, { token: world.dana.session, key: `key-org-renew-${i}` })));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 201));
    expect(tokenRequests() - tokensBefore).toBe(1);
    const again = await send(world.kit.app, { token: world.dana.session, key: 'key-org-renew-after' });
    expect(again.status).toBe(201);
    expect(tokenRequests() - tokensBefore).toBe(1);
  });
});
