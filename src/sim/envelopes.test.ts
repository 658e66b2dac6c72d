/** eSignature envelopes: create (JSON, multipart), get, list with from_date and custom_field, documents. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createSim, makePdf } from './index.ts';
import { ACCOUNTS, api, embeddedEnvelope, pdfBase64, tokenFor, USERS } from './test-helpers.ts';

const START = Date.UTC(2026, 0, 5, 9);

async function setup() {
  const sim = createSim({ origin: 'http://127.0.0.1:8788', startTime: START });
  const token = await tokenFor(sim, USERS.alice);
  return { sim, token, us: api(sim, token, ACCOUNTS.aliceUs) };
}

describe('create envelope', () => {
  test('JSON with documentBase64: 201 envelopeSummary, bytes stored with their hash', async () => {
    const { sim, us } = await setup();
    const pdf = makePdf(3, 'Contract');
    const res = await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(pdf)));
    expect(res.status).toBe(201);
    expect(res.headers.get('x-docusign-tracetoken')).toMatch(/^[0-9a-f-]{36}$/);
    const summary = (await res.json()) as { envelopeId: string; status: string; uri: string; statusDateTime: string };
    expect(summary.envelopeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(summary.statusDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(summary).toEqual({ envelopeId: summary.envelopeId, uri: `/envelopes/${summary.envelopeId}`, statusDateTime: summary.statusDateTime, status: 'sent' });
    const [stored] = sim.control.envelopes();
    expect(stored?.documents[0]?.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(stored?.documents[0]?.pages).toBe(3);
    expect(stored?.recipients.signers[0]).toMatchObject({ clientUserId: 'crm-contact-42', status: 'sent' });
    expect(stored?.recipients.carbonCopies[0]).toMatchObject({ status: 'created' });
    expect(stored?.createdBy).toEqual({ clientId: '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83', sub: USERS.alice.sub });
  });

  test('numbers are accepted where the spec says string', async () => {
    const { us } = await setup();
    const body = embeddedEnvelope(pdfBase64(makePdf(1)));
    const res = await us.call('POST', '/envelopes', {
      ...body,
      documents: [{ ...body.documents[0], documentId: 1 }],
      recipients: { signers: [{ ...body.recipients.signers[0], recipientId: 1, routingOrder: 1 }] },
    });
    expect(res.status).toBe(201);
  });

  test('multipart/form-data with the document as a part (DocuSign form: Content-Disposition file; documentid)', async () => {
    const { sim, us, token } = await setup();
    const pdf = makePdf(2, 'Upload');
    const boundary = 'sbBOUNDARY42';
    const def = { ...embeddedEnvelope(''), documents: [{ documentId: '7', name: 'Upload.pdf', fileExtension: 'pdf' }] };
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data\r\n\r\n${JSON.stringify(def)}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Type: application/pdf\r\nContent-Disposition: file; filename="Upload.pdf"; documentid=7\r\n\r\n`),
      Buffer.from(pdf),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await sim.fetch(`${us.base}/envelopes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.status).toBe(201);
    const doc = sim.control.envelopes()[0]?.documents[0];
    expect(doc?.documentId).toBe('7');
    expect(doc?.pages).toBe(2);
    expect(Buffer.from(doc?.bytes ?? []).equals(Buffer.from(pdf))).toBe(true);
  });
});

describe('read envelopes', () => {
  test('GET envelope with include=recipients,custom_fields; list by from_date and custom_field', async () => {
    const { sim, us } = await setup();
    const a = (await (await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1))))).json()) as { envelopeId: string };
    const other = embeddedEnvelope(pdfBase64(makePdf(1)), { customFields: { textCustomFields: [{ name: 'signbridge_request_id', value: 'req-999' }] } });
    await us.call('POST', '/envelopes', other);

    const got = (await (await us.call('GET', `/envelopes/${a.envelopeId}?include=recipients,custom_fields`)).json()) as Record<string, unknown>;
    expect(got).toMatchObject({ envelopeId: a.envelopeId, status: 'sent', emailSubject: 'Please sign the contract' });
    expect(got['recipients']).toMatchObject({ signers: [{ recipientId: '1', status: 'sent' }] });
    expect(got['customFields']).toMatchObject({ textCustomFields: [{ name: 'signbridge_request_id', value: 'req-123' }] });

    const from = new Date(START - 60_000).toISOString();
    const list = (await (await us.call('GET', `/envelopes?from_date=${encodeURIComponent(from)}&custom_field=${encodeURIComponent('signbridge_request_id=req-123')}`)).json()) as {
      totalSetSize: string;
      envelopes: { envelopeId: string }[];
    };
    expect(list.totalSetSize).toBe('1');
    expect(list.envelopes.map((e) => e.envelopeId)).toEqual([a.envelopeId]);
    const later = new Date(START + 3600_000).toISOString();
    const none = (await (await us.call('GET', `/envelopes?from_date=${encodeURIComponent(later)}`)).json()) as { totalSetSize: string; envelopes?: unknown };
    expect(none).toMatchObject({ totalSetSize: '0' });
    expect(none.envelopes).toBeUndefined();
    expect(sim.control.calls().filter((c) => c.kind === 'esign').every((c) => c.accountId === ACCOUNTS.aliceUs.id)).toBe(true);
  });

  test('documents/combined answers a PDF', async () => {
    const { us } = await setup();
    const a = (await (await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(2))))).json()) as { envelopeId: string };
    const res = await us.call('GET', `/envelopes/${a.envelopeId}/documents/combined`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
