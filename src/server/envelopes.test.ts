/** POST /v1/envelopes against the in-process DocuSign simulator. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseMultipart } from '../sim/multipart.ts';
import type { EnvelopeResponse } from '../shared/api.ts';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { createKit, envelopeRequest, pdf, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('POST /v1/envelopes', () => {
  test('creates one envelope with the same bytes, recipients, routing and our request id', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const docA = pdf(3, 'Offer');
    const docB = new TextEncoder().encode('Terms and conditions\nplain text');
    const res = await send(kit.app, { token, key: 'key-happy-0001', documents: [{ bytes: docA, name: 'Offer.pdf' }, { bytes: docB, name: 'C:\\tmp\\terms.exe' }] });
    expect(res.status).toBe(201);
    const body = (await res.json()) as EnvelopeResponse;
    expect(body.status).toBe('sent');
    expect(body.documents.map((d) => d.name)).toEqual(['Offer.pdf', 'terms.txt']);

    const envelopes = kit.sim.control.envelopes();
    expect(envelopes).toHaveLength(1);
    const e = envelopes[0];
    expect(e?.envelopeId).toBe(body.envelopeId);
    expect(e?.accountId).toBe(SIM_ACCOUNTS.aliceUs);
    expect(e?.documents.map((d) => d.sha256)).toEqual([sha256(docA), sha256(docB)]);
    expect(e?.recipients.signers.map((s) => [s.name, s.email, s.routingOrder, s.clientUserId !== undefined])).toEqual([
      ['Dana Doe', 'dana@example.org', '1', true],
      ['Eli Ek', 'eli@example.org', '2', false],
    ]);
    expect(e?.recipients.carbonCopies.map((s) => [s.name, s.email, s.routingOrder])).toEqual([['Legal Team', 'legal@example.org', '3']]);
    expect(e?.customFields.textCustomFields).toContainEqual(expect.objectContaining({ name: 'signbridge_request_id', value: body.requestId }));
    // Exactly one eSignature call: the create.
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign').map((c) => `${c.method} ${c.status}`)).toEqual(['POST 201']);
    // The log has the request, but no token and no document content.
    const logged = kit.log.lines.join('\n');
    expect(logged).toContain(body.envelopeId);
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('Terms and conditions');
    expect(logged).not.toContain(Buffer.from(docA).toString('base64').slice(0, 40));
  });

  describeWithSpec('the outgoing request', () => {
    test('validates against the official eSignature spec', async () => {
      const bodies: unknown[] = [];
      const kit = createKit({
        wrapFetch: (inner) => async (input, init) => {
          const request = new Request(input, init);
          if (request.method === 'POST' && request.url.endsWith('/envelopes')) {
            // The JSON part of DocuSign's multipart upload, read with the simulator's parser.
            const parts = parseMultipart(new Uint8Array(await request.clone().arrayBuffer()), request.headers.get('content-type') ?? '');
            bodies.push(JSON.parse(Buffer.from(parts?.[0]?.body ?? new Uint8Array()).toString('utf8')));
          }
          return inner(request);
        },
      });
      const token = await kit.login('alice');
      const res = await send(kit.app, { token, key: 'key-spec-00001' });
      expect(res.status).toBe(201);
      expect(bodies).toHaveLength(1);
      expect(validateAgainstSpec('envelopeDefinition', bodies[0])).toEqual([]);
    }, 60_000);
  });
});

describe('who may send where', () => {
  test('an account the user does not belong to: 403, and the simulator saw no eSignature call', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const res = await send(kit.app, { token, key: 'key-foreign-01', request: envelopeRequest({ accountId: SIM_ACCOUNTS.bob }) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('account_not_member');
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign')).toEqual([]);
    expect(kit.sim.control.envelopes()).toEqual([]);
  });

  test('the second account of the user, on another site, is reached through its own base URI', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const res = await send(kit.app, { token, key: 'key-eu-000001', request: envelopeRequest({ accountId: SIM_ACCOUNTS.aliceEu }) });
    expect(res.status).toBe(201);
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign').map((c) => c.path)).toEqual([`/eu1/restapi/v2.1/accounts/${SIM_ACCOUNTS.aliceEu}/envelopes`]);
  });

  test('no token: 401 unauthenticated, nothing sent to DocuSign', async () => {
    const kit = createKit();
    const res = await send(kit.app, { key: 'key-none-00001' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    expect(kit.sim.control.calls()).toEqual([]);
  });

  test('a request field named like the server\'s own (signbridge_…) is refused with 400, nothing sent', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const before = kit.sim.control.calls().length;
    const res = await send(kit.app, { token, key: 'key-reserved-01', request: envelopeRequest({ fields: [{ name: 'SignBridge_member_email', value: 'x@y.z' }] }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string; message: string } }).error.message).toContain('reserved');
    expect(kit.sim.control.calls().slice(before).filter((c) => c.kind === 'esign')).toEqual([]);
  });

  test('a SignBridge session token is never forwarded to DocuSign when no organization is configured', async () => {
    const kit = createKit();
    const res = await send(kit.app, { token: 'sbs_notarealsession', key: 'key-session-001' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_expired');
    expect(kit.sim.control.calls()).toEqual([]);
  });
});
