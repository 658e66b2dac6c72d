/** Organization sending end to end in-process: the simulator, a real oidc-provider, member sessions, JWT grant. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EnvelopeResponse, SessionResponse, SigningSessionResponse } from '../shared/api.ts';
import { SIM_SYSTEM_USERS } from '../../test/support/docusign-login.ts';
import { createOrgKit, pdf, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
type OrgKit = Awaited<ReturnType<typeof createOrgKit>>;

describe('organization sending', () => {
  let kit: OrgKit;
  let dana: SessionResponse;
  beforeAll(async () => {
    kit = await createOrgKit();
    dana = await kit.signIn('dana@adams.example', 'adams');
  });
  afterAll(() => kit.close());

  test('a member signs in: a session for its tenant, which sends as its account', () => {
    expect(dana.session).toMatch(/^sbs_/);
    expect(dana.member).toEqual({ sub: 'member-dana-7c1e', email: 'dana@adams.example', name: 'Dana Diaz' });
    expect(dana.tenant).toEqual({ id: 'adams', name: 'Adams Consulting' });
    expect(dana.sendAs).toEqual([{ accountId: SIM_ACCOUNTS.aliceUs, accountName: 'Adams Consulting (US)', site: 'na2' }]);
  });

  test('a member sends as Adams Consulting: one envelope, sent by the system user, member recorded, same bytes; signing works', async () => {
    const before = kit.sim.control.envelopes().length;
    const doc = pdf(2, 'Offer');
    const res = await send(kit.app, { token: dana.session, key: 'key-org-send-01', documents: [{ bytes: doc, name: 'Offer.pdf' }] });
    expect(res.status).toBe(201);
    const body = (await res.json()) as EnvelopeResponse;
    const envelopes = kit.sim.control.envelopes().slice(before);
    expect(envelopes).toHaveLength(1);
    const e = envelopes[0];
    expect(e?.accountId).toBe(SIM_ACCOUNTS.aliceUs);
    expect(e?.createdBy).toEqual({ clientId: kit.org.jwtClientId, sub: SIM_SYSTEM_USERS.adams });
    expect(e?.documents.map((d) => d.sha256)).toEqual([sha256(doc)]);
    expect(e?.customFields.textCustomFields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'signbridge_member_email', value: 'dana@adams.example' }),
        expect.objectContaining({ name: 'signbridge_member_sub', value: 'member-dana-7c1e' }),
      ]),
    );
    expect(kit.log.lines.some((l) => l.includes('audit: member sent an envelope') && l.includes('dana@adams.example') && l.includes(body.envelopeId))).toBe(true);

    const signer = body.recipients.find((r) => r.signsNow);
    const session = await kit.app.request(`/v1/envelopes/${body.envelopeId}/signing-sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${dana.session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: SIM_ACCOUNTS.aliceUs, recipientId: signer?.recipientId }),
    });
    expect(session.status).toBe(201);
    const { url } = (await session.json()) as SigningSessionResponse;
    const page = await kit.sim.fetch(url);
    expect(page.status).toBe(200);
  });
});
