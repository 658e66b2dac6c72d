/**
 * The extension's status endpoints, answered from the store: list and read, the live stream, and the
 * panel's actions (remind, void, download), each for the envelope's owner only. DocuSign is never
 * polled: the simulator's audit counts no status read.
 */
import { describe, expect, test } from 'vitest';
import { ACCOUNTS, api } from '../sim/test-helpers.ts';
import { createConnectKit } from '../../test/support/connect-kit.ts';
import { SIM_ORIGIN } from '../../test/support/server-kit.ts';
import { SIM_PUBLIC_KEY } from '../../test/support/docusign-login.ts';
import { sseReader } from '../../test/support/sse.ts';
import type { EnvelopeListResponse, EnvelopeStatusView } from '../shared/status-api.ts';

type Kit = ReturnType<typeof createConnectKit>;
const SOURCE = 'https://crm.example.com/deals/42';

async function setUp() {
  const kit = createConnectKit();
  const alice = await kit.login('alice');
  const envelopeId = await kit.sendEmail(alice);
  return { kit, alice, envelopeId };
}

const call = async (kit: Kit, token: string, method: string, path: string, body?: unknown): Promise<Response> =>
  await kit.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
const esignCalls = (kit: Kit) => kit.sim.control.calls().filter((c) => c.kind === 'esign').length;

describe('status from the store', () => {
  test('the page’s envelopes and one envelope, moving with Connect; never a status read at DocuSign', async () => {
    const { kit, alice, envelopeId } = await setUp();
    const list = async () => (await (await call(kit, alice, 'GET', `/v1/envelopes?source=${encodeURIComponent(`${SOURCE}?tab=files`)}`)).json()) as EnvelopeListResponse;
    expect((await list()).envelopes).toMatchObject([{ envelopeId, status: 'sent', subject: 'Please sign the offer', documents: ['Offer.pdf'], source: { url: SOURCE } }]);
    kit.sim.control.actAsRecipient(envelopeId, '1', 'sign');
    await kit.sim.control.settle();
    const one = (await (await call(kit, alice, 'GET', `/v1/envelopes/${envelopeId}`)).json()) as EnvelopeStatusView;
    expect(one.recipients.map((r) => [r.name, r.status])).toEqual([['Dana Doe', 'completed'], ['Eli Ek', 'sent']]);
    kit.sim.control.actAsRecipient(envelopeId, '2', 'sign');
    await kit.sim.control.settle();
    expect((await list()).envelopes[0]).toMatchObject({ status: 'completed', completedAt: new Date(kit.sim.control.now()).toISOString() });
    expect((await (await call(kit, alice, 'GET', '/v1/envelopes?source=https://crm.example.com/other')).json()) as EnvelopeListResponse).toEqual({ envelopes: [] });
    expect(kit.sim.control.audit(SIM_PUBLIC_KEY)).toMatchObject({ statusReads: 0, pollingViolations: 0 });
  });

  test('another user gets 403 for read and every action, and DocuSign sees no call', async () => {
    const { kit, envelopeId } = await setUp();
    const bob = await kit.login('bob');
    const before = esignCalls(kit);
    for (const [method, path, body] of [
      ['GET', `/v1/envelopes/${envelopeId}`],
      ['POST', `/v1/envelopes/${envelopeId}/reminders`],
      ['POST', `/v1/envelopes/${envelopeId}/void`, { reason: 'mine now' }],
      ['GET', `/v1/envelopes/${envelopeId}/document`],
    ] as const) {
      const res = await call(kit, bob, method, path, body);
      expect(res.status, path).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'envelope_not_allowed' } });
    }
    expect(esignCalls(kit)).toBe(before);
    expect((await (await call(kit, bob, 'GET', '/v1/envelopes')).json()) as EnvelopeListResponse).toEqual({ envelopes: [] });
    expect((await call(kit, bob, 'GET', '/v1/envelopes/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await kit.app.request(`/v1/envelopes/${envelopeId}`)).status).toBe(401);
  });
});

describe('actions', () => {
  test('remind: DocuSign resends to the signer whose turn it is', async () => {
    const { kit, alice, envelopeId } = await setUp();
    const res = await call(kit, alice, 'POST', `/v1/envelopes/${envelopeId}/reminders`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ reminded: ['1'] });
    expect(kit.sim.control.resends()).toMatchObject([{ envelopeId, recipientId: '1', email: 'dana@example.org' }]);
  });

  test('void with a reason: DocuSign voids it, the store says voided at once; then no remind or void again', async () => {
    const { kit, alice, envelopeId } = await setUp();
    expect((await call(kit, alice, 'POST', `/v1/envelopes/${envelopeId}/void`, { reason: '  ' })).status).toBe(400);
    const res = await call(kit, alice, 'POST', `/v1/envelopes/${envelopeId}/void`, { reason: 'Wrong price list' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'voided', voidedReason: 'Wrong price list' });
    expect(kit.sim.control.envelopes().find((e) => e.envelopeId === envelopeId)).toMatchObject({ status: 'voided', voidedReason: 'Wrong price list' });
    await kit.sim.control.settle();
    expect(await kit.store.status.get(envelopeId)).toMatchObject({ status: 'voided', voidedReason: 'Wrong price list' });
    const before = esignCalls(kit);
    for (const path of ['reminders', 'void']) {
      const again = await call(kit, alice, 'POST', `/v1/envelopes/${envelopeId}/${path}`, { reason: 'again' });
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({ error: { code: 'envelope_not_in_progress' } });
    }
    expect(esignCalls(kit)).toBe(before);
  });

  test('download: the bytes are DocuSign’s combined PDF with the certificate', async () => {
    const { kit, alice, envelopeId } = await setUp();
    const res = await call(kit, alice, 'GET', `/v1/envelopes/${envelopeId}/document`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="Offer.pdf"');
    const ours = new Uint8Array(await res.arrayBuffer());
    const direct = await api(kit.sim, alice, ACCOUNTS.aliceUs, SIM_ORIGIN).call('GET', `/envelopes/${envelopeId}/documents/combined?certificate=true`);
    expect(Buffer.from(ours).equals(Buffer.from(await direct.arrayBuffer()))).toBe(true);
  });
});

describe('live updates', () => {
  test('the stream says ready, then each change the caller may see; not another user’s', async () => {
    const { kit, alice, envelopeId } = await setUp();
    const bob = await kit.login('bob');
    const abort = new AbortController();
    const open = async (token: string) => {
      const res = await kit.app.request('/v1/envelope-events', { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      return sseReader(res);
    };
    const next = await open(alice);
    const bobsNext = await open(bob);
    expect((await next()).event).toBe('ready');
    expect((await bobsNext()).event).toBe('ready');
    kit.sim.control.actAsRecipient(envelopeId, '1', 'decline', 'No budget');
    await kit.sim.control.settle();
    let last: EnvelopeStatusView | undefined;
    while (last?.status !== 'declined') {
      const e = await next();
      expect(e.event).toBe('envelope');
      last = JSON.parse(e.data) as EnvelopeStatusView;
      expect(last.envelopeId).toBe(envelopeId);
    }
    // Bob's stream saw nothing of Alice's envelope: his next event is his own new envelope.
    const bobsEnvelope = await kit.sendEmail(bob, { accountId: ACCOUNTS.bob.id });
    expect(JSON.parse((await bobsNext()).data)).toMatchObject({ envelopeId: bobsEnvelope });
    abort.abort();
  });
});
