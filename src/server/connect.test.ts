/**
 * Connect into the server: the simulator's signed deliveries reach the `connect` routes in-process and
 * move the stored status; forged, altered or foreign-signed messages are refused with 401 and change
 * nothing; duplicates, reordering and a server that was down converge on one state.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, test } from 'vitest';
import { ACCOUNTS, api } from '../sim/test-helpers.ts';
import { ALICE_US, BOB_ACCOUNT, CONNECT_URL, createConnectKit, KEYS, tracked } from '../../test/support/connect-kit.ts';
import { SIM_ORIGIN } from '../../test/support/server-kit.ts';
import { eventNotificationFor } from './connect-config.ts';
import { toView } from './status-model.ts';
import { CONNECT_SAMPLE_PATH, describeWithSpec } from '../../test/support/esign-spec.ts';

type Kit = ReturnType<typeof createConnectKit>;

/** Sends through the server (which puts the eventNotification on the envelope and starts its record). */
const sendTracked = async (kit: Kit): Promise<string> => kit.sendEmail(await kit.login('alice'));

const post = async (kit: Kit, body: string, headers: Record<string, string>): Promise<Response> =>
  await kit.app.request(CONNECT_URL, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const sign = (key: string, body: string) => createHmac('sha256', key).update(body).digest('base64');

describe('Connect messages from the simulator', () => {
  let kit: Kit;
  let envelopeId: string;
  beforeEach(async () => {
    kit = createConnectKit();
    envelopeId = await sendTracked(kit);
  });

  test('an e-mail signer opens and signs, the second signs: the store says completed, with times', async () => {
    const t0 = kit.sim.control.now();
    kit.sim.control.actAsRecipient(envelopeId, '1', 'open');
    await kit.sim.control.advance(60_000);
    kit.sim.control.actAsRecipient(envelopeId, '1', 'sign');
    await kit.sim.control.settle();
    expect((await kit.store.status.get(envelopeId))?.recipients.map((r) => r.status)).toEqual(['completed', 'sent']);
    kit.sim.control.actAsRecipient(envelopeId, '2', 'sign');
    await kit.sim.control.settle();
    const e = await kit.store.status.get(envelopeId);
    expect(e).toMatchObject({ status: 'completed', completedAt: t0 + 60_000 });
    expect(e?.recipients).toMatchObject([
      { recipientId: '1', status: 'completed', deliveredAt: t0, completedAt: t0 + 60_000 },
      { recipientId: '2', status: 'completed', completedAt: t0 + 60_000 },
    ]);
    // Every delivery was acknowledged, and each was signed with both of the account's keys.
    const deliveries = kit.sim.control.deliveries();
    expect(deliveries.every((d) => d.state === 'delivered' && d.lastStatus === 200)).toBe(true);
    expect(deliveries[0]?.headers).toHaveProperty('X-DocuSign-Signature-2');
  });

  test('a decline is kept with its reason', async () => {
    kit.sim.control.actAsRecipient(envelopeId, '1', 'decline', 'Price is wrong');
    await kit.sim.control.settle();
    expect(await kit.store.status.get(envelopeId)).toMatchObject({ status: 'declined', recipients: [{ status: 'declined', declinedReason: 'Price is wrong' }, {}] });
  });

  test('wrong signature, altered body, another account’s key, no signature: 401 and no change', async () => {
    kit.sim.control.actAsRecipient(envelopeId, '1', 'sign');
    kit.sim.control.actAsRecipient(envelopeId, '2', 'sign');
    await kit.sim.control.settle();
    const completed = kit.sim.control.deliveries().find((d) => d.event === 'envelope-completed');
    if (!completed) throw new Error('no envelope-completed delivery');
    // Replay the genuine completion against a fresh server state that still says "sent".
    const fresh = createConnectKit();
    await fresh.store.status.track(tracked(envelopeId, 0));
    const before = JSON.stringify(await fresh.store.status.get(envelopeId));
    const altered = completed.body.replace('"completed"', '"voided"');
    const forgedWithBob = completed.body.replace(new RegExp(ALICE_US, 'g'), BOB_ACCOUNT);
    const attempts = [
      post(fresh, completed.body, { 'X-DocuSign-Signature-1': sign('not-the-key-at-all', completed.body) }),
      post(fresh, altered, { 'X-DocuSign-Signature-1': completed.headers['X-DocuSign-Signature-1'] ?? '' }),
      // Bob's key over a body naming Alice's account, and over one naming Bob's account for Alice's envelope.
      post(fresh, completed.body, { 'X-DocuSign-Signature-1': sign(KEYS.bob, completed.body) }),
      post(fresh, completed.body, {}),
      post(fresh, 'not json', { 'X-DocuSign-Signature-1': sign(KEYS.aliceOld, 'not json') }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'connect_signature_invalid' } });
    }
    // Bob's genuine signature over a body naming his account: verified, but the envelope is not his account's.
    const bobs = await post(fresh, forgedWithBob, { 'X-DocuSign-Signature-1': sign(KEYS.bob, forgedWithBob) });
    expect(await bobs.json()).toEqual({ ok: true, applied: false });
    expect(JSON.stringify(await fresh.store.status.get(envelopeId))).toBe(before);
    // The genuine message, signed with the rotated key only, is accepted.
    const genuine = await post(fresh, completed.body, { 'X-DocuSign-Signature-1': sign(KEYS.aliceNew, completed.body) });
    expect(await genuine.json()).toEqual({ ok: true, applied: true });
    expect((await fresh.store.status.get(envelopeId))?.status).toBe('completed');
    expect(fresh.log.lines.join('\n')).not.toContain(KEYS.aliceOld);
  });

  test('the same event three times, and events in reverse order, end in one state', async () => {
    kit.sim.control.actAsRecipient(envelopeId, '1', 'open');
    kit.sim.control.actAsRecipient(envelopeId, '1', 'sign');
    kit.sim.control.actAsRecipient(envelopeId, '2', 'sign');
    await kit.sim.control.settle();
    const inOrder = toView((await kit.store.status.get(envelopeId)) ?? tracked(envelopeId, 0));
    const deliveries = kit.sim.control.deliveries();
    const replay = async (order: typeof deliveries, times: number) => {
      const other = createConnectKit();
      await other.store.status.track(tracked(envelopeId, kit.sim.control.now() - 0));
      for (let i = 0; i < times; i++) {
        for (const d of order) expect((await post(other, d.body, { 'X-DocuSign-Signature-1': d.headers['X-DocuSign-Signature-1'] ?? '' })).status).toBe(200);
      }
      const { updatedAt: _u, ...view } = toView((await other.store.status.get(envelopeId)) ?? tracked(envelopeId, 0));
      return view;
    };
    const { updatedAt: _u, ...expected } = inOrder;
    expect(expected.status).toBe('completed');
    expect(await replay(deliveries, 3)).toEqual({ ...expected, sentAt: expect.any(String) as string });
    expect(await replay([...deliveries].reverse(), 1)).toEqual({ ...expected, sentAt: expect.any(String) as string });
    // Completed never goes back to sent: the first "sent" message arriving last changes nothing.
    const sent = deliveries.find((d) => d.event === 'envelope-sent');
    if (sent) await post(kit, sent.body, { 'X-DocuSign-Signature-1': sent.headers['X-DocuSign-Signature-1'] ?? '' });
    expect((await kit.store.status.get(envelopeId))?.status).toBe('completed');
  });

  test('a message for an envelope SignBridge did not send is acknowledged and ignored', async () => {
    // Created in DocuSign directly (not through SignBridge), but pointing its notifications at us.
    const us = api(kit.sim, await kit.login('alice'), ACCOUNTS.aliceUs, SIM_ORIGIN);
    const definition = {
      emailSubject: 'Not ours',
      status: 'sent',
      documents: [{ documentId: '1', name: 'X.pdf', fileExtension: 'pdf', documentBase64: Buffer.from('%PDF-1.4\n%%EOF').toString('base64') }],
      recipients: { signers: [{ recipientId: '1', routingOrder: '1', email: 'x@example.org', name: 'X' }] },
      eventNotification: eventNotificationFor(kit.config.connect, kit.config.publicUrl, ALICE_US),
    };
    const created = await us.call('POST', '/envelopes', definition);
    expect(created.status).toBe(201);
    const { envelopeId: stranger } = (await created.json()) as { envelopeId: string };
    kit.sim.control.actAsRecipient(stranger, '1', 'sign');
    await kit.sim.control.settle();
    const mine = kit.sim.control.deliveries().filter((d) => d.envelopeId === stranger);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((d) => d.state === 'delivered')).toBe(true);
    expect(await kit.store.status.get(stranger)).toBeUndefined();
  });

  test('the server down during a delivery: the simulator’s retry a day later brings it up to date', async () => {
    let down = false;
    const flaky = createConnectKit({ serverDown: () => down });
    const id = await sendTracked(flaky);
    down = true;
    flaky.sim.control.actAsRecipient(id, '1', 'sign');
    flaky.sim.control.actAsRecipient(id, '2', 'sign');
    await flaky.sim.control.settle();
    expect((await flaky.store.status.get(id))?.status).toBe('sent');
    down = false;
    await flaky.sim.control.advance(24 * 3600_000);
    expect((await flaky.store.status.get(id))?.status).toBe('completed');
  });

  test('an oversized body is refused before it is read whole', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(600 * 1024) });
    const res = await post(kit, big, { 'X-DocuSign-Signature-1': sign(KEYS.aliceOld, big) });
    expect(res.status).toBe(413);
  });
});

/** Every key path of a JSON value (array items as `[]`). */
function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => paths(v, `${prefix}[]`));
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...paths(v, `${prefix}.${k}`)]);
}

describeWithSpec('Connect messages against DocuSign’s sample JSON SIM message', () => {
  test('the simulator sends only fields the sample has, and the server reads the sample', async () => {
    const sample: unknown = JSON.parse(readFileSync(CONNECT_SAMPLE_PATH, 'utf8'));
    // `recipientType` is in the eSignature spec's `signer` and `carbonCopy`, not in this older sample.
    const known = new Set([...paths(sample), '.data.envelopeSummary.recipients.signers[].recipientType', '.data.envelopeSummary.recipients.carbonCopies[].recipientType']);
    const kit = createConnectKit();
    const envelopeId = await sendTracked(kit);
    kit.sim.control.actAsRecipient(envelopeId, '1', 'decline', 'No');
    await kit.sim.control.settle();
    const sent = kit.sim.control.deliveries().map((d) => JSON.parse(d.body) as unknown);
    expect(sent.length).toBeGreaterThan(0);
    expect([...new Set(sent.flatMap((b) => paths(b)))].filter((p) => !known.has(p))).toEqual([]);
    // The sample with real values filled in is understood.
    const filled = structuredClone(sample) as { event: string; generatedDateTime: string; data: Record<string, unknown> & { envelopeSummary: Record<string, unknown> } };
    Object.assign(filled, { event: 'envelope-completed', generatedDateTime: '2026-11-21T10:05:00.0000000Z' });
    Object.assign(filled.data, { accountId: ALICE_US, envelopeId, recipientId: '1' });
    Object.assign(filled.data.envelopeSummary, { status: 'completed', completedDateTime: '2026-11-21T10:05:00.0000000Z' });
    const { readConnectMessage } = await import('./connect-message.ts');
    expect(readConnectMessage(filled)).toMatchObject({ envelopeId, status: 'completed', times: { completedAt: Date.UTC(2026, 10, 21, 10, 5) } });
  });
});

describeWithSpec('the eventNotification SignBridge sends, against the official eSignature spec', () => {
  test('an envelopeDefinition with it validates (closed objects)', async () => {
    const { buildDefinition, planRecipients } = await import('./envelope.ts');
    const { envelopeRequest } = await import('../../test/support/server-kit.ts');
    const { validateAgainstSpec } = await import('../../test/support/esign-spec.ts');
    const { parse } = await import('valibot');
    const { EnvelopeRequest } = await import('../shared/api.ts');
    const kit = createConnectKit();
    const notification = eventNotificationFor(kit.config.connect, kit.config.publicUrl, ALICE_US);
    expect(notification).toMatchObject({ url: CONNECT_URL, includeHMAC: 'true', requireAcknowledgment: 'true' });
    expect(eventNotificationFor(kit.config.connect, kit.config.publicUrl, '07c6b4e8-0b3d-4c7f-9e9a-2d8b1f4c6a77')).toBeUndefined();
    const request = parse(EnvelopeRequest, envelopeRequest());
    const docs = [{ documentId: '1', name: 'Offer.pdf', extension: 'pdf', mime: 'application/pdf', chunks: [], size: 1, sha256: '' }];
    const definition = buildDefinition(request, planRecipients(request, 'r1'), docs, 'r1', [], notification);
    expect(validateAgainstSpec('envelopeDefinition', definition)).toEqual([]);
  }, 60_000);
});
