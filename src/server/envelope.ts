/**
 * Pure envelope building: the request hash that idempotency compares, and DocuSign's
 * `envelopeDefinition` streamed as JSON with each document's base64 produced chunk by chunk from the
 * uploaded bytes (no base64 copy of a whole document is ever held).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EnvelopeRecipient, EnvelopeRequest } from '../shared/api.ts';

/** Name of the envelope custom field holding our request id; the lost-answer lookup searches by it. */
export const REQUEST_ID_FIELD = 'signbridge_request_id';
export const SOURCE_FIELD = 'signbridge_source';

export interface PreparedDocument {
  documentId: string;
  name: string;
  extension: string;
  mime: string;
  chunks: Uint8Array[];
  size: number;
  sha256: string;
}

export interface PlannedRecipient extends EnvelopeRecipient {
  /** Set for signers who sign now in the browser. */
  clientUserId?: string;
}

/** Recipient ids in request order: signers first, then carbon copies. */
export function planRecipients(request: EnvelopeRequest, requestId: string): PlannedRecipient[] {
  const signers = request.signers.map((s, i): PlannedRecipient => {
    const recipientId = String(i + 1);
    const base = { recipientId, kind: 'signer' as const, name: s.name, email: s.email, routingOrder: s.routingOrder, signsNow: s.signsNow };
    // A non-null clientUserId makes the signer captive (embedded); unique per envelope and recipient.
    return s.signsNow ? { ...base, clientUserId: `${requestId}:${recipientId}` } : base;
  });
  const ccs = request.carbonCopies.map((cc, i): PlannedRecipient => ({
    recipientId: String(request.signers.length + i + 1),
    kind: 'carbonCopy',
    name: cc.name,
    email: cc.email,
    routingOrder: cc.routingOrder,
    signsNow: false,
  }));
  return [...signers, ...ccs];
}

/** Key-sorted JSON, so that equal requests hash equally whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, inner]) => `${JSON.stringify(k)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(request: EnvelopeRequest, documents: readonly PreparedDocument[]): string {
  const material = canonicalJson({
    request,
    documents: documents.map((d) => ({ name: d.name, sha256: d.sha256, size: d.size })),
  });
  return createHash('sha256').update(material).digest('hex');
}

export interface EnvelopeDefinition {
  emailSubject: string;
  emailBlurb?: string;
  status: 'sent';
  documents: { documentId: string; name: string; fileExtension: string; documentBase64: string }[];
  recipients: {
    signers: { recipientId: string; routingOrder: string; name: string; email: string; clientUserId?: string }[];
    carbonCopies: { recipientId: string; routingOrder: string; name: string; email: string }[];
  };
  customFields: { textCustomFields: { name: string; value: string; show: 'true' | 'false'; required: 'false' }[] };
}

/** The definition with each `documentBase64` replaced by a placeholder, and the placeholders. */
export function buildDefinition(
  request: EnvelopeRequest,
  recipients: readonly PlannedRecipient[],
  documents: readonly PreparedDocument[],
  requestId: string,
): { definition: EnvelopeDefinition; placeholders: string[] } {
  const nonce = randomUUID();
  const placeholders = documents.map((_, i) => `@signbridge-document-${nonce}-${i}@`);
  const fields: EnvelopeDefinition['customFields']['textCustomFields'] = [
    { name: REQUEST_ID_FIELD, value: requestId, show: 'false', required: 'false' },
  ];
  if (request.source !== undefined) {
    // Custom field values hold 100 characters (spec `textCustomField.value`): keep the origin if the URL is longer.
    const url = new URL(request.source.url);
    const value = request.source.url.length <= 100 ? request.source.url : url.origin.slice(0, 100);
    fields.push({ name: SOURCE_FIELD, value, show: 'false', required: 'false' });
  }
  for (const field of request.fields) fields.push({ name: field.name, value: field.value, show: 'true', required: 'false' });

  const definition: EnvelopeDefinition = {
    emailSubject: request.subject,
    status: 'sent',
    documents: documents.map((d, i) => ({
      documentId: d.documentId,
      name: d.name,
      fileExtension: d.extension,
      documentBase64: placeholders[i] ?? '',
    })),
    recipients: {
      signers: recipients
        .filter((r) => r.kind === 'signer')
        .map((r) => ({
          recipientId: r.recipientId,
          routingOrder: String(r.routingOrder),
          name: r.name,
          email: r.email,
          ...(r.clientUserId === undefined ? {} : { clientUserId: r.clientUserId }),
        })),
      carbonCopies: recipients
        .filter((r) => r.kind === 'carbonCopy')
        .map((r) => ({ recipientId: r.recipientId, routingOrder: String(r.routingOrder), name: r.name, email: r.email })),
    },
    customFields: { textCustomFields: fields },
  };
  if (request.message !== undefined && request.message !== '') definition.emailBlurb = request.message;
  return { definition, placeholders };
}

/** Base64 of a document given as chunks, produced chunk by chunk (carrying 0–2 bytes between chunks). */
export function* base64Chunks(chunks: readonly Uint8Array[], target = 48 * 1024): Generator<Uint8Array> {
  let carry: Buffer = Buffer.alloc(0);
  for (const chunk of chunks) {
    let data = carry.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([carry, chunk]);
    while (data.length >= 3) {
      const take = Math.min(data.length - (data.length % 3), target - (target % 3));
      yield Buffer.from(data.subarray(0, take).toString('base64'), 'latin1');
      data = data.subarray(take);
    }
    carry = Buffer.from(data);
  }
  if (carry.length > 0) yield Buffer.from(carry.toString('base64'), 'latin1');
}

/** A fresh stream of the definition's JSON with the documents' base64 spliced in for the placeholders. */
export function definitionStream(
  definition: EnvelopeDefinition,
  placeholders: readonly string[],
  documents: readonly PreparedDocument[],
): ReadableStream<Uint8Array> {
  const text = JSON.stringify(definition);
  function* pieces(): Generator<Uint8Array> {
    let rest = text;
    for (const [i, placeholder] of placeholders.entries()) {
      const at = rest.indexOf(placeholder);
      const doc = documents[i];
      if (at < 0 || doc === undefined) throw new Error('document placeholder missing from the definition');
      yield Buffer.from(rest.slice(0, at), 'utf8');
      yield* base64Chunks(doc.chunks);
      rest = rest.slice(at + placeholder.length);
    }
    yield Buffer.from(rest, 'utf8');
  }
  const iterator = pieces();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
  });
}
