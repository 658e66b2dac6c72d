/**
 * How a form becomes a `sendEnvelope` request, and when a retry must reuse its idempotency key. Loaded
 * with the rest of the send (later/index.ts).
 */
import type { Recipient, RequestOf } from '../../shared/messages.ts';
import type { SendDocument } from '../documents.ts';
import type { FieldError } from '../form-fields.ts';
import { documentErrors, validate } from './validate.ts';

export interface FormState {
  subject: string;
  message: string;
  recipients: Recipient[];
  loginKey?: string | undefined;
  /** The documents' SHA-256 in order: another list is another send (a new idempotency key). */
  documents?: readonly string[] | undefined;
  template?: { templateId: string; includeDocument: boolean } | undefined;
}

export type SendRequest = RequestOf<'sendEnvelope'>;

/** The request for the worker, or every problem of the form (validate.ts; the worker checks again). */
export function buildRequest(
  sessionId: string,
  idempotencyKey: string,
  form: FormState,
  documents: readonly SendDocument[],
): { ok: true; request: SendRequest } | { ok: false; errors: FieldError[] } {
  const errors = [...documentErrors(documents), ...validate(form)];
  if (errors.length > 0) return { ok: false, errors };
  const request: SendRequest = {
    sessionId,
    idempotencyKey,
    ...(form.loginKey ? { loginKey: form.loginKey } : {}),
    subject: form.subject.trim(),
    message: form.message,
    recipients: form.recipients.map((r) => ({
      role: r.role,
      name: r.name.trim(),
      email: r.email.trim(),
      routingOrder: r.routingOrder,
      signNow: r.role === 'signer' && r.signNow,
      delivery: r.delivery,
      phone: r.phone.trim(),
      auth: r.auth,
      ...(form.template && r.templateRole ? { templateRole: r.templateRole, textValues: r.textValues ?? [] } : {}),
      // Placed in "Place fields" (fields/); the worker adds the anchored ones.
      ...(r.role === 'signer' && r.fields?.length ? { fields: r.fields } : {}),
    })),
    documents: documents.map((d) => ({
      name: d.name, mimeType: d.mimeType, size: d.size, blobUrl: d.blobUrl, sha256: d.sha256, ...(d.pageUrl ? { pageUrl: d.pageUrl } : {}),
    })),
    ...(form.template ? { template: form.template } : {}),
  };
  return { ok: true, request };
}

/** What identifies "the same send": a retry of it reuses the idempotency key; an edited form does not. */
export function sendFingerprint(form: FormState): string {
  return JSON.stringify([form.loginKey ?? '', form.documents ?? [], form.subject.trim(), form.message, form.recipients.map((r) => [r.role, r.name.trim(), r.email.trim().toLowerCase(), r.routingOrder, r.role === 'signer' && r.signNow, r.delivery, r.phone.trim(), r.auth, r.templateRole ?? '', r.textValues ?? [], r.fields ?? []]), form.template ?? null]);
}

export class IdempotencyKeys {
  #last: { fingerprint: string; key: string } | undefined;
  readonly #make: () => string;
  constructor(make: () => string = () => crypto.randomUUID()) {
    this.#make = make;
  }
  /** The same key for the same form (a retry), a fresh one when the form changed. */
  keyFor(form: FormState): string {
    const fingerprint = sendFingerprint(form);
    if (this.#last?.fingerprint !== fingerprint) this.#last = { fingerprint, key: this.#make() };
    return this.#last.key;
  }
}
