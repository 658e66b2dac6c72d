/**
 * Pure parts of sending a document: the JSON `request` part the companion server receives with
 * `POST /v1/envelopes` (multipart: `request` + one part per document), and how the server's answer
 * becomes a Result. No browser APIs here, so it is unit-tested as is.
 */
import { ErrorCodes, type ErrorCode } from '../shared/errors.ts';
import type { Recipient } from '../shared/messages.ts';
import { err, ok, type Result } from '../shared/result.ts';

export interface EnvelopeInput {
  accountId: string;
  subject: string;
  message: string;
  recipients: readonly Recipient[];
  document: { name: string; mimeType: string; size: number; sha256: string };
  source: { pageUrl: string; documentUrl: string };
}

export interface EnvelopeRequestJson {
  accountId: string;
  emailSubject: string;
  emailBlurb: string;
  status: 'sent';
  documents: { documentId: string; name: string; fileExtension: string; part: string; size: number; sha256: string }[];
  recipients: {
    signers: { recipientId: string; name: string; email: string; routingOrder: string; embedded: boolean }[];
    carbonCopies: { recipientId: string; name: string; email: string; routingOrder: string }[];
  };
  source: { pageUrl: string; documentUrl: string };
}

const EXTENSION_BY_MIME: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/plain': 'txt',
  'text/html': 'html',
};

/** DocuSign needs `fileExtension` for anything that is not a PDF ("unable to load document" otherwise). */
export function fileExtensionFor(name: string, mimeType: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  if (match?.[1]) return match[1].toLowerCase();
  return EXTENSION_BY_MIME[mimeType.split(';')[0]?.trim().toLowerCase() ?? ''] ?? 'pdf';
}

export function buildEnvelopeRequest(input: EnvelopeInput): EnvelopeRequestJson {
  // DocuSign's schema types every scalar as a string (recipientId, routingOrder, documentId).
  let nextId = 1;
  const signers: EnvelopeRequestJson['recipients']['signers'] = [];
  const carbonCopies: EnvelopeRequestJson['recipients']['carbonCopies'] = [];
  for (const r of input.recipients) {
    const base = { recipientId: String(nextId++), name: r.name.trim(), email: r.email.trim(), routingOrder: String(r.routingOrder) };
    if (r.role === 'signer') signers.push({ ...base, embedded: r.signNow });
    else carbonCopies.push(base);
  }
  return {
    accountId: input.accountId,
    emailSubject: input.subject.trim(),
    emailBlurb: input.message,
    status: 'sent',
    documents: [
      {
        documentId: '1',
        name: input.document.name,
        fileExtension: fileExtensionFor(input.document.name, input.document.mimeType),
        part: 'document1',
        size: input.document.size,
        sha256: input.document.sha256,
      },
    ],
    recipients: { signers, carbonCopies },
    source: input.source,
  };
}

export interface ServerAnswer {
  status: number;
  body: unknown;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

const KNOWN_CODES = new Set<string>(Object.values(ErrorCodes));

/** The server's answer to `POST /v1/envelopes`, as a Result carrying the server's own message on failure. */
export function readServerAnswer(answer: ServerAnswer): Result<{ envelopeId: string; status: string }> {
  const body = isRecord(answer.body) ? answer.body : {};
  if (answer.status >= 200 && answer.status < 300) {
    const envelopeId = body['envelopeId'];
    if (typeof envelopeId === 'string' && envelopeId.length > 0) {
      return ok({ envelopeId, status: typeof body['status'] === 'string' ? body['status'] : 'sent' });
    }
    return err(ErrorCodes.SEND_FAILED, 'The SignBridge server answered without an envelope id. Try again.');
  }
  const error = isRecord(body['error']) ? body['error'] : {};
  const code = typeof error['code'] === 'string' && KNOWN_CODES.has(error['code']) ? (error['code'] as ErrorCode) : ErrorCodes.SEND_FAILED;
  const message =
    typeof error['message'] === 'string' && error['message'].length > 0
      ? error['message'].slice(0, 500)
      : `The SignBridge server refused the envelope (HTTP ${answer.status}). Try again.`;
  return err(code, message);
}
