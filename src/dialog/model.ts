/**
 * The send dialog's decisions before the user acts, as plain functions: what to prefill from the page,
 * the document's bytes and size. How a form becomes a request is in later/request.ts (loaded later).
 */
import { t } from '../shared/i18n.ts';
import type { Recipient } from '../shared/messages.ts';

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

export interface DocumentBytes {
  name: string;
  mimeType: string;
  size: number;
  /** `blob:` URL of the bytes (this extension's origin); the worker reads it, no message carries them. */
  blobUrl: string;
  sha256: string;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

