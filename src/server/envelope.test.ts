import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { parseMultipart } from '../sim/multipart.ts';
import { EnvelopeRequest } from '../shared/api.ts';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { buildDefinition, canonicalJson, envelopeBody, planRecipients, REQUEST_ID_FIELD, requestHash, type PreparedDocument } from './envelope.ts';

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

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('envelope body', () => {
  const bytesA = new Uint8Array(1000).map((_, i) => (i * 7) % 256);
  const bytesB = new TextEncoder().encode('%PDF-1.4 second');
  const documents = [doc(bytesA, '1'), doc(bytesB, '2', 3)];
  const recipients = planRecipients(request, 'req-1');

  test('is DocuSign multipart: the definition, then each document\'s exact bytes by documentid', async () => {
    const body = envelopeBody(buildDefinition(request, recipients, documents, 'req-1'), documents);
    // Parsed by the simulator's parser of DocuSign's multipart format.
    const parts = parseMultipart(await bytesOf(body.stream()), body.contentType);
    expect(parts).toHaveLength(3);
    const [json, first, second] = parts ?? [];
    const definition = JSON.parse(Buffer.from(json?.body ?? new Uint8Array()).toString('utf8')) as ReturnType<typeof buildDefinition>;
    expect(first?.params).toMatchObject({ documentid: '1', filename: 'Doc 1.pdf' });
    expect(first?.disposition).toBe('file');
    expect(Buffer.from(first?.body ?? new Uint8Array()).equals(bytesA)).toBe(true);
    expect(second?.params['documentid']).toBe('2');
    expect(Buffer.from(second?.body ?? new Uint8Array()).equals(bytesB)).toBe(true);

    expect(definition.emailSubject).toBe('Please sign: "Offer" <2026>');
    expect(definition.documents).toEqual([
      { documentId: '1', name: 'Doc 1.pdf', fileExtension: 'pdf' },
      { documentId: '2', name: 'Doc 2.pdf', fileExtension: 'pdf' },
    ]);
    expect(definition.recipients?.signers).toEqual([
      { recipientId: '1', routingOrder: '1', name: 'Sam Signer', email: 'sam@example.com', clientUserId: 'req-1:1' },
      { recipientId: '2', routingOrder: '2', name: 'Tia Two', email: 'tia@example.com' },
    ]);
    expect(definition.recipients?.carbonCopies).toEqual([{ recipientId: '3', routingOrder: '3', name: 'Cory Copy', email: 'cory@example.com' }]);
    expect(definition.customFields.textCustomFields).toContainEqual({ name: REQUEST_ID_FIELD, value: 'req-1', show: 'false', required: 'false' });

    // A stream can be read once; each retry asks for a fresh one with the same bytes.
    expect(Buffer.from(await bytesOf(body.stream())).equals(Buffer.from(await bytesOf(body.stream())))).toBe(true);
  });

  test('a name with ";" and "=" stays one filename parameter: the documentid cannot be overridden', async () => {
    const tricky = { ...doc(bytesB, '1'), name: 'a; documentid=7; x=.pdf' };
    const unicode = { ...doc(bytesB, '2'), name: 'Vertrag Müller "final".pdf' };
    const body = envelopeBody(buildDefinition(request, recipients, [tricky, unicode], 'req-1'), [tricky, unicode]);
    const [json, first, second] = parseMultipart(await bytesOf(body.stream()), body.contentType) ?? [];
    // The simulator's parser splits parameters on ";" as a strict parser may.
    expect(first?.params).toEqual({ filename: 'a_ documentid_7_ x_.pdf', documentid: '1' });
    expect(second?.params).toEqual({ filename: 'Vertrag M_ller _final_.pdf', documentid: '2' });
    // DocuSign shows the definition's name, which keeps every character.
    const definition = JSON.parse(Buffer.from(json?.body ?? new Uint8Array()).toString('utf8')) as ReturnType<typeof buildDefinition>;
    expect(definition.documents?.map((d) => d.name)).toEqual(['a; documentid=7; x=.pdf', 'Vertrag Müller "final".pdf']);
  });

  test('the request hash ignores key order and changes with any document byte', () => {
    const reordered = JSON.parse(canonicalJson(request)) as typeof request;
    expect(requestHash(reordered, documents)).toBe(requestHash(request, documents));
    const changed = new Uint8Array(bytesA);
    changed[500] = (changed[500] ?? 0) ^ 1;
    expect(requestHash(request, [doc(changed, '1'), documents[1] as PreparedDocument])).not.toBe(requestHash(request, documents));
  });

  describeWithSpec('against the official eSignature spec', () => {
    test('the envelopeDefinition validates (closed objects: no invented fields)', () => {
      const definition = buildDefinition(request, recipients, documents, 'req-1');
      expect(validateAgainstSpec('envelopeDefinition', definition)).toEqual([]);
      // The validator is not vacuous: an invented field and a wrong type fail.
      expect(validateAgainstSpec('envelopeDefinition', { ...definition, invented: 1 })).not.toEqual([]);
      expect(validateAgainstSpec('envelopeDefinition', { ...definition, emailSubject: 5 })).not.toEqual([]);
    }, 60_000); // compiling the spec's envelopeDefinition graph takes seconds
  });
});

describe('the page an envelope came from', () => {
  const source = (definition: ReturnType<typeof buildDefinition>) =>
    definition.customFields.textCustomFields.find((f) => f.name !== REQUEST_ID_FIELD && f.show === 'false')?.value;

  test('keeps origin and path, never the query or fragment (they can carry session ids or presigned keys)', () => {
    const withSecrets = { ...request, source: { url: 'https://dms.example.com/files/7?X-Amz-Signature=abc123&sid=s3cr3t#token=t', title: 'F' } };
    const value = source(buildDefinition(withSecrets, planRecipients(withSecrets, 'req-1'), [], 'req-1'));
    expect(value).toBe('https://dms.example.com/files/7');
  });

  test('falls back to the origin when origin and path pass the 100-character field limit', () => {
    const long = { ...request, source: { url: `https://dms.example.com/${'a'.repeat(120)}`, title: 'F' } };
    expect(source(buildDefinition(long, planRecipients(long, 'req-1'), [], 'req-1'))).toBe('https://dms.example.com');
  });
});
