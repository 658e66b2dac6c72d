/**
 * The send dialog's decisions as plain functions: what to prefill from the page, how a form becomes
 * a `sendEnvelope` request, and when a retry must reuse its idempotency key.
 */
import * as v from 'valibot';
import { messages, type Recipient, type RequestOf } from '../shared/messages.ts';

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
  // DocuSign: emailSubject is at most 100 characters.
  const subject = clip(topic ? `Please sign: ${document.name} (${topic})` : `Please sign: ${document.name}`, 100);
  const company = fields['company']?.trim();
  const amount = fields['amount']?.trim();
  const about = [company, amount].filter(Boolean).join(', ');
  const greeting = name ? `Hello ${clip(name, 100)},` : 'Hello,';
  const message = `${greeting}\n\nplease review and sign ${document.name}${about ? ` (${about})` : ''}.\n\nThank you.`;
  return { subject, message, recipients };
}

export interface FormState {
  subject: string;
  message: string;
  recipients: Recipient[];
  loginKey?: string | undefined;
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

/** The request for the worker, checked with the same schema the worker uses; the first problem in words. */
export function buildRequest(
  sessionId: string,
  idempotencyKey: string,
  form: FormState,
  document: DocumentBytes,
): { ok: true; request: SendRequest } | { ok: false; message: string } {
  const candidate = {
    sessionId,
    idempotencyKey,
    ...(form.loginKey ? { loginKey: form.loginKey } : {}),
    subject: form.subject,
    message: form.message,
    recipients: form.recipients.map((r) => ({ ...r, signNow: r.role === 'signer' && r.signNow })),
    document,
  };
  const parsed = v.safeParse(messages.sendEnvelope.request, candidate);
  if (parsed.success) return { ok: true, request: parsed.output };
  const issue = parsed.issues[0];
  return { ok: false, message: issue ? `${issue.message[0]?.toUpperCase() ?? ''}${issue.message.slice(1)}.` : 'Check the form.' };
}

/** What identifies "the same send": a retry of it reuses the idempotency key; an edited form does not. */
export function sendFingerprint(form: FormState): string {
  return JSON.stringify([form.loginKey ?? '', form.subject.trim(), form.message, form.recipients.map((r) => [r.role, r.name.trim(), r.email.trim().toLowerCase(), r.routingOrder, r.role === 'signer' && r.signNow, r.delivery, r.phone.trim(), r.auth])]);
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

