import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import * as v from 'valibot';
import { EnvelopeRequest } from '../shared/api.ts';
import { esignSpecExists, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { base64Chunks, buildDefinition, canonicalJson, definitionStream, planRecipients, REQUEST_ID_FIELD, requestHash, type PreparedDocument } from './envelope.ts';

const request = v.parse(EnvelopeRequest, {
  accountId: 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55',
  subject: 'Please sign: "Offer" <2026>',
  message: 'Hi,\nplease sign.',
  signers: [
    { name: 'Sam Signer', email: 'sam@example.com', routingOrder: 1, signsNow: true },
    { name: 'Tia Two', email: 'tia@example.com', routingOrder: 2 },
  ],
  carbonCopies: [{ name: 'Cory Copy', email: 'cory@example.com', routingOrder: 3 }],
  fields: [{ name: 'Deal', value: 'D-42' }],
  source: { url: 'https://crm.example.com/deals/42', title: 'Deal 42' },
});

function doc(bytes: Uint8Array, id = '1', chunkSize = 7): PreparedDocument {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  return { documentId: id, name: `Doc ${id}.pdf`, extension: 'pdf', mime: 'application/pdf', chunks, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function streamText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('base64Chunks', () => {
  test('equals Buffer base64 for any chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 3, max: 30 }), (bytes, chunkSize, target) => {
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
        const out = Buffer.concat([...base64Chunks(chunks, target)]).toString('latin1');
        expect(out).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
  });
});

describe('envelope definition', () => {
  const bytesA = new Uint8Array(1000).map((_, i) => (i * 7) % 256);
  const bytesB = new TextEncoder().encode('%PDF-1.4 second');
  const documents = [doc(bytesA, '1'), doc(bytesB, '2', 3)];
  const recipients = planRecipients(request, 'req-1');

  test('streams JSON with the exact document bytes, recipients, routing and request id', async () => {
    const { definition, placeholders } = buildDefinition(request, recipients, documents, 'req-1');
    const parsed = JSON.parse(await streamText(definitionStream(definition, placeholders, documents))) as Record<string, unknown> & typeof definition;
    expect(Buffer.from(parsed.documents[0]?.documentBase64 ?? '', 'base64').equals(bytesA)).toBe(true);
    expect(Buffer.from(parsed.documents[1]?.documentBase64 ?? '', 'base64').equals(bytesB)).toBe(true);
    expect(parsed.emailSubject).toBe('Please sign: "Offer" <2026>');
    expect(parsed.recipients.signers).toEqual([
      { recipientId: '1', routingOrder: '1', name: 'Sam Signer', email: 'sam@example.com', clientUserId: 'req-1:1' },
      { recipientId: '2', routingOrder: '2', name: 'Tia Two', email: 'tia@example.com' },
    ]);
    expect(parsed.recipients.carbonCopies).toEqual([{ recipientId: '3', routingOrder: '3', name: 'Cory Copy', email: 'cory@example.com' }]);
    expect(parsed.customFields.textCustomFields).toContainEqual({ name: REQUEST_ID_FIELD, value: 'req-1', show: 'false', required: 'false' });
    // A stream can be read once; each retry asks for a fresh one.
    const again = await streamText(definitionStream(definition, placeholders, documents));
    expect(JSON.parse(again)).toEqual(parsed);
  });

  test('a subject that contains the placeholder syntax cannot smuggle bytes', async () => {
    const sneaky = { ...request, subject: '@signbridge-document-x-0@' };
    const { definition, placeholders } = buildDefinition(sneaky, recipients, documents, 'r');
    const parsed = JSON.parse(await streamText(definitionStream(definition, placeholders, documents))) as typeof definition;
    expect(parsed.emailSubject).toBe('@signbridge-document-x-0@');
  });

  test('the request hash ignores key order and changes with any document byte', () => {
    const reordered = JSON.parse(canonicalJson(request)) as typeof request;
    expect(requestHash(reordered, documents)).toBe(requestHash(request, documents));
    const changed = new Uint8Array(bytesA);
    changed[500] = (changed[500] ?? 0) ^ 1;
    expect(requestHash(request, [doc(changed, '1'), documents[1] as PreparedDocument])).not.toBe(requestHash(request, documents));
  });

  describe.skipIf(!esignSpecExists)('against the official eSignature spec', () => {
    test('the outgoing envelopeDefinition validates (closed objects: no invented fields)', async () => {
      const { definition, placeholders } = buildDefinition(request, recipients, documents, 'req-1');
      const body: unknown = JSON.parse(await streamText(definitionStream(definition, placeholders, documents)));
      expect(validateAgainstSpec('envelopeDefinition', body)).toEqual([]);
      // The validator is not vacuous: an invented field and a wrong type fail.
      expect(validateAgainstSpec('envelopeDefinition', { ...definition, invented: 1 })).not.toEqual([]);
      expect(validateAgainstSpec('envelopeDefinition', { ...definition, emailSubject: 5 })).not.toEqual([]);
    }, 60_000); // compiling the spec's envelopeDefinition graph takes seconds
  });
  if (!esignSpecExists) console.warn('SKIPPED: eSignature spec not found beside the repository (../shared/docusign/)');
});
