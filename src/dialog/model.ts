/**
 * The send dialog's decisions as plain functions: what to prefill from the page, how a form becomes
 * a `sendEnvelope` request, and when a retry must reuse its idempotency key.
 */
import { t } from '../shared/i18n.ts';
import type { Recipient, RequestOf } from '../shared/messages.ts';
import { documentErrors, type SendDocument } from './documents.ts';
import { validate, type FieldError } from './validate.ts';

export interface DocumentInfo {
  name: string;
  kind: string;
}

export interface Prefill {
  subject: string;
  message: string;
  recipients: Recipient[];
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

export const emptyRecipient = (role: Recipient['role'], routingOrder: number): Recipient => ({
  role,
  name: '',
  email: '',
  routingOrder,
  signNow: false,
  delivery: 'email',
  phone: '',
  auth: 'none',
});

/** Cut to `max` characters on a word boundary where one is near. */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Recipients, subject and message from the page's record fields (attacker-controlled: text only, editable). */
export function prefill(document: DocumentInfo, fields: Readonly<Record<string, string>>): Prefill {
  const email = fields['contactEmail']?.trim() ?? '';
  const name = fields['contactName']?.trim() ?? '';
  // The page's phone is only prefilled: SMS stays off until the user picks it.
  const phone = clip(fields['contactPhone']?.trim() ?? '', 40);
  const recipients: Recipient[] = EMAIL.test(email)
    ? [{ ...emptyRecipient('signer', 1), name: clip(name || (email.split('@')[0] ?? ''), 100), email, phone }]
    : [{ ...emptyRecipient('signer', 1), phone }];
  const topic = fields['subject']?.trim();
  // DocuSign: emailSubject is at most 100 characters. The e-mail is in the sender's language.
  const subject = clip(topic ? t('dialog_prefillSubjectTopic', document.name, topic) : t('dialog_prefillSubject', document.name), 100);
  const company = fields['company']?.trim();
  const amount = fields['amount']?.trim();
  const about = [company, amount].filter(Boolean).join(', ');
  const greeting = name ? t('dialog_prefillGreeting', clip(name, 100)) : t('dialog_prefillGreetingNoName');
  const body = about ? t('dialog_prefillBodyAbout', document.name, about) : t('dialog_prefillBody', document.name);
  const message = `${greeting}\n\n${body}\n\n${t('dialog_prefillThanks')}`;
  return { subject, message, recipients };
}

export interface FormState {
  subject: string;
  message: string;
  recipients: Recipient[];
  loginKey?: string | undefined;
  /** The documents' SHA-256 in order: another list is another send (a new idempotency key). */
  documents?: readonly string[] | undefined;
  template?: { templateId: string; includeDocument: boolean } | undefined;
}

export interface DocumentBytes {
  name: string;
  mimeType: string;
  size: number;
  /** `blob:` URL of the bytes (this extension's origin); the worker reads it, no message carries them. */
  blobUrl: string;
  sha256: string;
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

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

