/**
 * Pure envelope building: the request hash that idempotency compares, DocuSign's `envelopeDefinition`,
 * and the body that carries both to DocuSign: its multipart upload (a JSON part with the definition, then
 * each document's raw bytes as a `file` part with its `documentid`), streamed from the uploaded chunks
 * themselves. No base64 (a third larger) and no second copy of a document is ever made.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EventNotification } from './connect-config.ts';
import type { EnvelopeRecipient, EnvelopeRequest } from '../shared/api.ts';
import { dispositionFilename } from './filename.ts';
import type { Tabs } from './fields.ts';
import type { PageInfo } from './pdf-pages.ts';
import type { SignerReach } from './reach.ts';

/** Name of the envelope custom field holding our request id; the lost-answer lookup searches by it. */
export const REQUEST_ID_FIELD = 'signbridge_request_id';
export const SOURCE_FIELD = 'signbridge_source';
/** Custom field names starting with this are the server's own; a request's `fields` may not use them. */
export const RESERVED_FIELD_PREFIX = 'signbridge_';

export interface PreparedDocument {
  documentId: string;
  name: string;
  extension: string;
  mime: string;
  chunks: Uint8Array[];
  size: number;
  sha256: string;
  /** PDFs whose page objects are readable (pdf-pages.ts); undefined: DocuSign alone checks pages. */
  pages?: PageInfo | undefined;
}

export interface PlannedRecipient extends EnvelopeRecipient {
  /** Set for signers who sign now in the browser. */
  clientUserId?: string;
}

/**
 * Recipient ids in request order: signers first, then carbon copies. `signerIds` (a template's role ids)
 * replace the signers' own; carbon copies then follow the highest.
 */
export function planRecipients(request: EnvelopeRequest, requestId: string, signerIds?: readonly string[]): PlannedRecipient[] {
  const ids = request.signers.map((_, i) => signerIds?.[i] ?? String(i + 1));
  const next = Math.max(0, ...ids.map(Number));
  const signers = request.signers.map((s, i): PlannedRecipient => {
    const recipientId = ids[i] ?? String(i + 1);
    const base = { recipientId, kind: 'signer' as const, name: s.name, email: s.email, routingOrder: s.routingOrder, signsNow: s.signsNow };
    // A non-null clientUserId makes the signer captive (embedded); unique per envelope and recipient.
    return s.signsNow ? { ...base, clientUserId: `${requestId}:${recipientId}` } : base;
  });
  const ccs = request.carbonCopies.map((cc, i): PlannedRecipient => ({
    recipientId: String(next + i + 1),
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

export interface DefinitionSigner extends SignerReach {
  recipientId: string;
  routingOrder: string;
  name: string;
  /** Absent for a signer reached by SMS alone. */
  email?: string;
  clientUserId?: string;
  roleName?: string;
  tabs?: Tabs;
}

export interface DefinitionRecipients {
  signers: DefinitionSigner[];
  carbonCopies: { recipientId: string; routingOrder: string; name: string; email: string }[];
}

/** spec `compositeTemplate`, as composite.ts builds it. */
export interface CompositeTemplate {
  compositeTemplateId: string;
  serverTemplates?: { sequence: string; templateId: string }[];
  inlineTemplates: {
    sequence: string;
    recipients: DefinitionRecipients;
    documents?: { documentId: string; name: string; fileExtension: string }[];
  }[];
}

export interface EnvelopeDefinition {
  emailSubject: string;
  emailBlurb?: string;
  status: 'sent';
  /** Absent when the envelope is built from composite templates (composite.ts). */
  documents?: { documentId: string; name: string; fileExtension: string }[];
  recipients?: DefinitionRecipients;
  compositeTemplates?: CompositeTemplate[];
  customFields: { textCustomFields: { name: string; value: string; show: 'true' | 'false'; required: 'false' }[] };
  /** Where DocuSign sends Connect messages about this envelope (connect-config.ts). */
  eventNotification?: EventNotification;
}

/** The definition; the documents' bytes travel as parts of the multipart body (`envelopeBody`). */
export function buildDefinition(
  request: EnvelopeRequest,
  recipients: readonly PlannedRecipient[],
  documents: readonly PreparedDocument[],
  requestId: string,
  /** Fields the server records itself (who sent it for an organization), hidden from recipients. */
  recorded: readonly { name: string; value: string }[] = [],
  eventNotification?: EventNotification,
  /** Per signer, in request order: tabs, phone delivery and authentication (fields.ts, reach.ts). */
  signerExtras: readonly (Partial<DefinitionSigner> | undefined)[] = [],
): EnvelopeDefinition {
  const fields: EnvelopeDefinition['customFields']['textCustomFields'] = [
    { name: REQUEST_ID_FIELD, value: requestId, show: 'false', required: 'false' },
    ...recorded.map((f) => ({ name: f.name, value: f.value.slice(0, 100), show: 'false' as const, required: 'false' as const })),
  ];
  if (request.source !== undefined) {
    // Origin and path only: a query or fragment can carry session ids or presigned credentials, and the
    // envelope keeps this for good. Custom field values hold 100 characters (spec `textCustomField.value`):
    // keep the origin if the rest does not fit.
    const url = new URL(request.source.url);
    const page = `${url.origin}${url.pathname}`;
    const value = page.length <= 100 ? page : url.origin.slice(0, 100);
    fields.push({ name: SOURCE_FIELD, value, show: 'false', required: 'false' });
  }
  for (const field of request.fields) fields.push({ name: field.name, value: field.value, show: 'true', required: 'false' });

  const definition: EnvelopeDefinition = {
    emailSubject: request.subject,
    status: 'sent',
    documents: documents.map((d) => ({ documentId: d.documentId, name: d.name, fileExtension: d.extension })),
    recipients: {
      signers: recipients
        .filter((r) => r.kind === 'signer')
        .map((r, i) => ({
          recipientId: r.recipientId,
          routingOrder: String(r.routingOrder),
          name: r.name,
          ...(r.email === '' ? {} : { email: r.email }),
          ...(r.clientUserId === undefined ? {} : { clientUserId: r.clientUserId }),
          ...signerExtras[i],
        })),
      carbonCopies: recipients
        .filter((r) => r.kind === 'carbonCopy')
        .map((r) => ({ recipientId: r.recipientId, routingOrder: String(r.routingOrder), name: r.name, email: r.email })),
    },
    customFields: { textCustomFields: fields },
  };
  if (request.message !== undefined && request.message !== '') definition.emailBlurb = request.message;
  if (eventNotification !== undefined) definition.eventNotification = eventNotification;
  return definition;
}

export interface EnvelopeBody {
  contentType: string;
  /** A fresh stream for each attempt (a stream is read once). */
  stream: () => ReadableStream<Uint8Array>;
}

/**
 * DocuSign's multipart envelope upload: the JSON definition first, then one part per document with
 * `Content-Disposition: file; filename="..."; documentid=N` (DocuSign's own disposition, not form-data).
 */
export function envelopeBody(definition: EnvelopeDefinition, documents: readonly PreparedDocument[]): EnvelopeBody {
  // 122 random bits: a document containing this line by chance is not a practical concern.
  const boundary = `signbridge-${randomUUID()}`;
  const json = JSON.stringify(definition);
  function* pieces(): Generator<Uint8Array> {
    yield Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data\r\n\r\n${json}`, 'utf8');
    for (const d of documents) {
      const disposition = `file; filename="${dispositionFilename(d.name)}"; documentid=${d.documentId}`;
      yield Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${d.mime}\r\nContent-Disposition: ${disposition}\r\n\r\n`, 'utf8');
      yield* d.chunks;
    }
    yield Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    stream: () => {
      const iterator = pieces();
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = iterator.next();
          if (next.done === true) controller.close();
          else controller.enqueue(next.value);
        },
      });
    },
  };
}
