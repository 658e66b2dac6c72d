/**
 * Pure parts of sending a document: the JSON `request` part the companion server receives with
 * `POST /v1/envelopes` (multipart: `request` + one part per document, in order), and how the server's answer
 * becomes a Result. No browser APIs here, so it is unit-tested as is.
 */
import type { AnchorRule } from '../shared/adapters.ts';
import type { FieldRequest } from '../shared/api-send.ts';
import { isReservedFieldName, LIMITS, type EnvelopeRequestInput } from '../shared/api.ts';
import { ErrorCodes, type ErrorCode } from '../shared/errors.ts';
import type { Recipient } from '../shared/messages.ts';
import { err, ok, type Result } from '../shared/result.ts';

export interface EnvelopeInput {
  accountId: string;
  subject: string;
  message: string;
  recipients: readonly Recipient[];
  /** The page's record fields; kept on the envelope as custom fields. */
  fields: Readonly<Record<string, string>>;
  source: { url: string; title: string };
  /** Send from this saved template: signers name the role they fill (`templateRole`). */
  templateId?: string;
  /** The site adapter's anchor strings, from the send's session (never from the dialog). */
  anchors?: readonly AnchorRule[];
}

/**
 * The n-th signer's fields: those placed in the dialog, then by anchor `/snN/` (Sign here) and the
 * adapter's anchors for signer n. DocuSign skips an anchor the documents lack (`anchorIgnoreIfNotPresent`,
 * src/server/fields.ts), so a document without any still goes out, and its signers place their own.
 */
export function signerFields(placed: readonly FieldRequest[], n: number, anchors: readonly AnchorRule[]): FieldRequest[] {
  const byAnchor = [{ anchor: `/sn${n}/`, kind: 'signHere' as const, signer: n }, ...anchors]
    .filter((rule) => rule.signer === n)
    .map(({ anchor, kind }) => ({ kind, anchor }));
  return [...placed, ...byAnchor];
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9 _.-]{0,49}$/;

/** The JSON `request` part of `POST /v1/envelopes` (src/shared/api.ts `EnvelopeRequest`). */
export function buildEnvelopeRequest(input: EnvelopeInput): EnvelopeRequestInput {
  const signers = input.recipients
    .filter((r) => r.role === 'signer')
    .map((r, i) => ({
      name: r.name.trim(),
      email: r.email.trim(),
      routingOrder: r.routingOrder,
      signsNow: r.signNow,
      ...(r.delivery !== 'email' ? { delivery: r.delivery } : {}),
      ...(r.auth !== 'none' ? { auth: r.auth } : {}),
      ...((r.delivery !== 'email' || r.auth !== 'none') && r.phone.trim() !== '' ? { phone: { number: r.phone.trim() } } : {}),
      ...(input.templateId && r.templateRole ? { role: r.templateRole, textValues: r.textValues ?? [] } : {}),
      fields: signerFields(r.fields ?? [], i + 1, input.anchors ?? []),
    }));
  const carbonCopies = input.recipients
    .filter((r) => r.role === 'cc')
    .map((r) => ({ name: r.name.trim(), email: r.email.trim(), routingOrder: r.routingOrder }));
  // DocuSign custom-field values hold at most 100 characters; names are short and plain.
  const fields = Object.entries(input.fields)
    .filter(([name, value]) => FIELD_NAME.test(name) && !isReservedFieldName(name) && value.trim() !== '')
    .slice(0, LIMITS.maxFields)
    .map(([name, value]) => ({ name, value: value.trim().slice(0, 100) }));
  return {
    accountId: input.accountId,
    subject: input.subject.trim(),
    ...(input.message ? { message: input.message } : {}),
    signers,
    carbonCopies,
    fields,
    ...(input.templateId ? { template: { templateId: input.templateId } } : {}),
    source: { url: input.source.url.slice(0, 2048), title: input.source.title.slice(0, 300) },
  };
}

export interface ServerAnswer {
  status: number;
  body: unknown;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

const KNOWN_CODES = new Set<string>(Object.values(ErrorCodes));

/** The server's answer to `POST /v1/envelopes`, as a Result carrying the server's own message on failure. */
export interface SentEnvelope {
  envelopeId: string;
  status: string;
  /** Signers who sign now on this device (embedded), by DocuSign recipient id. */
  signNow: { recipientId: string; name: string }[];
  /** The SHA-256 of each document as the server received it, in order. */
  received: string[];
}

export function readServerAnswer(answer: ServerAnswer): Result<SentEnvelope> {
  const body = isRecord(answer.body) ? answer.body : {};
  if (answer.status >= 200 && answer.status < 300) {
    const envelopeId = body['envelopeId'];
    if (typeof envelopeId === 'string' && envelopeId.length > 0) {
      const recipients = Array.isArray(body['recipients']) ? body['recipients'].filter(isRecord) : [];
      const signNow = recipients
        .filter((r) => r['signsNow'] === true && typeof r['recipientId'] === 'string')
        .map((r) => ({ recipientId: String(r['recipientId']), name: typeof r['name'] === 'string' ? r['name'] : '' }));
      const documents = Array.isArray(body['documents']) ? body['documents'].filter(isRecord) : [];
      const received = documents.map((d) => (typeof d['sha256'] === 'string' ? d['sha256'] : ''));
      return ok({ envelopeId, status: typeof body['status'] === 'string' ? body['status'] : 'sent', signNow, received });
    }
    return err(ErrorCodes.SEND_FAILED, 'The SignBridge server answered without an envelope id. Try again.');
  }
  return readServerError(answer.status, answer.body);
}

/** The server's `{ error: { code, message } }` as a Result error; its message is for the user. */
export function readServerError(status: number, raw: unknown): { ok: false; error: { code: ErrorCode; message: string } } {
  const body = isRecord(raw) ? raw : {};
  const error = isRecord(body['error']) ? body['error'] : {};
  const code = typeof error['code'] === 'string' && KNOWN_CODES.has(error['code']) ? (error['code'] as ErrorCode) : ErrorCodes.SEND_FAILED;
  const message =
    typeof error['message'] === 'string' && error['message'].length > 0
      ? error['message'].slice(0, 500)
      : `The SignBridge server refused the request (HTTP ${status}). Try again.`;
  return err(code, message);
}

/**
 * End to end: the documents the server received (their SHA-256 in the 201 answer, in order) are the
 * ones the dialog holds, in the dialog's order. A mismatch means the envelope holds other bytes (or
 * another order): the user is told, nothing is recorded as sent.
 */
export function checkReceived(answer: SentEnvelope, sha256s: readonly string[]): Result<SentEnvelope> {
  const same = answer.received.length === sha256s.length && sha256s.every((sha, i) => answer.received[i] === sha);
  if (same) return ok(answer);
  return err(
    ErrorCodes.DOCUMENT_MISMATCH,
    `The SignBridge server received different documents than this window holds (envelope ${answer.envelopeId}). ` +
      'Void that envelope in DocuSign, then close this window and send again.',
  );
}
