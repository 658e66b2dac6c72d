/** POST /v1/envelopes with several documents and fields: ordered, byte-identical, tabs where they were placed. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { EnvelopeRequestInput } from '../shared/api.ts';
import type { EnvelopeResponse } from '../shared/api.ts';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { fileBytes } from '../../test/support/fixture-files.ts';
import { captureDefinitions, errorOf } from '../../test/support/outgoing.ts';
import { createKit, envelopeRequest, pdf, send } from '../../test/support/server-kit.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
type Signers = EnvelopeRequestInput['signers'];

const twoSigners = (first: Partial<Signers[number]>, second: Partial<Signers[number]> = {}): Signers => [
  { name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1, signsNow: true, ...first },
  { name: 'Eli Ek', email: 'eli@example.org', routingOrder: 2, ...second },
];

describeWithSpec('several documents and placed fields', () => {
  test('three documents in order, byte-identical; Sign here + Date on page 2 for signer 1, Sign here for signer 2', async () => {
    const out = captureDefinitions();
    const kit = createKit({ wrapFetch: out.wrapFetch });
    const token = await kit.login('alice');
    const docs = [
      { bytes: fileBytes('msa.pdf'), name: 'msa.pdf' },
      { bytes: pdf(3, 'Order form'), name: 'Order form.pdf' },
      { bytes: fileBytes('lease.docx'), name: 'lease.docx' },
    ];
    const request = envelopeRequest({
      signers: twoSigners(
        { fields: [{ kind: 'signHere', document: 2, page: 2, x: 100, y: 600 }, { kind: 'dateSigned', document: 2, page: 2, x: 300.4, y: 600 }] },
        { fields: [{ kind: 'signHere', document: 1, page: 1, x: 72, y: 650 }] },
      ),
    });
    const res = await send(kit.app, { token, key: 'fields-three-01', request, documents: docs });
    expect(res.status, await res.clone().text()).toBe(201);
    const answer = (await res.json()) as EnvelopeResponse;
    expect(answer.documents.map((d) => d.name)).toEqual(['msa.pdf', 'Order form.pdf', 'lease.docx']);
    const [e] = kit.sim.control.envelopes();
    expect(e?.documents.map((d) => d.sha256)).toEqual(docs.map((d) => sha256(d.bytes)));
    const tabs = e?.recipients.signers.map((s) => s.tabs.map((t) => `${t.type}:${t.documentId ?? ''}:${t.pageNumber ?? ''}:${t.xPosition ?? ''}:${t.yPosition ?? ''}`));
    expect(tabs).toEqual([['signHere:2:2:100:600', 'dateSigned:2:2:300:600'], ['signHere:1:1:72:650']]);
    expect(validateAgainstSpec('envelopeDefinition', out.bodies[0])).toEqual([]);
  }, 60_000);

  test('a document carrying /sn1/ gets a Sign here by anchor', async () => {
    const out = captureDefinitions();
    const kit = createKit({ wrapFetch: out.wrapFetch });
    const token = await kit.login('alice');
    const request = envelopeRequest({ signers: twoSigners({ fields: [{ kind: 'signHere', anchor: '/sn1/', xOffset: 10 }] }) });
    const res = await send(kit.app, { token, key: 'fields-anchor-1', request, documents: [{ bytes: fileBytes('contract.pdf'), name: 'contract.pdf' }] });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(kit.sim.control.envelopes()[0]?.recipients.signers[0]?.tabs).toMatchObject([{ type: 'signHere', documentId: '1', pageNumber: '1', anchorString: '/sn1/' }]);
    expect(validateAgainstSpec('envelopeDefinition', out.bodies[0])).toEqual([]);
  }, 60_000);
});

describe('fields refused before DocuSign sees them', () => {
  test.each<[string, Signers[number]['fields'], number, string]>([
    ['a page the PDF does not have', [{ kind: 'signHere', document: 1, page: 4, x: 10, y: 10 }], 400, 'field_invalid'],
    ['a document the request does not have', [{ kind: 'signHere', document: 2, page: 1, x: 10, y: 10 }], 400, 'field_invalid'],
    ['a position off the page', [{ kind: 'signHere', document: 1, page: 1, x: 10, y: 900 }], 400, 'field_invalid'],
    ['a negative position', [{ kind: 'signHere', document: 1, page: 1, x: -1, y: 10 }], 400, 'bad_request'],
    ['an unknown kind', [{ kind: 'stamp', document: 1, page: 1, x: 1, y: 1 } as unknown as NonNullable<Signers[number]['fields']>[number]], 400, 'bad_request'],
  ])('%s: refused with its code, no eSignature call', async (_name, fields, status, code) => {
    const kit = createKit();
    const token = await kit.login('alice');
    const res = await send(kit.app, { token, key: 'fields-bad-0001', request: envelopeRequest({ signers: twoSigners({ fields }) }), documents: [{ bytes: pdf(3), name: 'a.pdf' }] });
    expect(await errorOf(res)).toEqual({ status, code });
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign')).toEqual([]);
  });

  test('the idempotency key covers the fields: the same key with a moved field is refused', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const at = (y: number) => envelopeRequest({ signers: twoSigners({ fields: [{ kind: 'signHere', document: 1, page: 1, x: 10, y }] }) });
    expect((await send(kit.app, { token, key: 'fields-key-0001', request: at(10) })).status).toBe(201);
    expect((await send(kit.app, { token, key: 'fields-key-0001', request: at(10) })).status).toBe(201);
    expect(await errorOf(await send(kit.app, { token, key: 'fields-key-0001', request: at(20) }))).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(kit.sim.control.envelopes()).toHaveLength(1);
  });
});
