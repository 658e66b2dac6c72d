/**
 * The form's problems, every one at once, each tied to the field it is about. The same limits as the
 * worker's `sendEnvelope` schema (src/shared/messages.ts), written out so the dialog does not ship the
 * schemas of every message (model.test.ts checks that both agree). DocuSign: an envelope's emailSubject
 * holds at most 100 characters, a recipient's name and email at most 100, routingOrder is 1-99 here.
 */
import type { MessageKey } from '../shared/i18n.ts';
import type { Recipient } from '../shared/messages.ts';
import { normalizePhone } from '../shared/phone.ts';
import { EMAIL } from '../shared/recipient-rules.ts';

export const LIMITS = { subject: 100, message: 10_000, name: 100, email: 100, recipients: 20, order: 99 } as const;

/** Where an error sits: `subject`, `message`, `recipients` (the list as a whole) or a recipient's field. */
export type FieldId = 'subject' | 'message' | 'recipients' | `r${number}-${'name' | 'email' | 'order' | 'phone'}`;

type RecipientErrorKey = Extract<MessageKey, 'dialog_errNameEmpty' | 'dialog_errNameLong' | 'dialog_errEmailEmpty' | 'dialog_errEmail' | 'dialog_errOrder'>;
type FormErrorKey = Extract<MessageKey, 'dialog_errNoSigner' | 'dialog_errTooMany' | 'dialog_errSubjectEmpty' | 'dialog_errSubjectLong' | 'dialog_errMessageLong' | 'fields_phone_invalid'>;

/** One problem, at its field; one about a recipient carries the recipient's number (1-based). */
export type FieldError = { field: FieldId; key: FormErrorKey } | { field: FieldId; key: RecipientErrorKey; n: number };

export interface FormFields {
  subject: string;
  message: string;
  recipients: readonly Recipient[];
}

function recipientErrors(r: Recipient, index: number): FieldError[] {
  const n = index + 1;
  const out: FieldError[] = [];
  const name = r.name.trim();
  const email = r.email.trim();
  if (name === '') out.push({ field: `r${index}-name`, key: 'dialog_errNameEmpty', n });
  else if (name.length > LIMITS.name) out.push({ field: `r${index}-name`, key: 'dialog_errNameLong', n });
  // DocuSign delivers to an SMS-only signer without an e-mail address (additionalNotifications).
  const smsOnly = r.role === 'signer' && r.delivery === 'sms' && !r.signNow;
  if (email === '') {
    if (!smsOnly) out.push({ field: `r${index}-email`, key: 'dialog_errEmailEmpty', n });
  }
  else if (email.length > LIMITS.email || !EMAIL.test(email)) out.push({ field: `r${index}-email`, key: 'dialog_errEmail', n });
  if (!Number.isInteger(r.routingOrder) || r.routingOrder < 1 || r.routingOrder > LIMITS.order) {
    out.push({ field: `r${index}-order`, key: 'dialog_errOrder', n });
  }
  if (needsPhone(r) && !normalizePhone({ number: r.phone }).ok) out.push({ field: `r${index}-phone`, key: 'fields_phone_invalid' });
  return out;
}

/** SMS delivery and SMS or phone authentication need the signer's phone number. */
export const needsPhone = (r: Recipient): boolean => r.role === 'signer' && (r.delivery !== 'email' || r.auth !== 'none');

/** Every problem of the form, in the order the fields appear on screen (the first gets the focus). */
export function validate(form: FormFields): FieldError[] {
  const errors = form.recipients.flatMap(recipientErrors);
  if (!form.recipients.some((r) => r.role === 'signer')) errors.push({ field: 'recipients', key: 'dialog_errNoSigner' });
  else if (form.recipients.length > LIMITS.recipients) errors.push({ field: 'recipients', key: 'dialog_errTooMany' });
  const subject = form.subject.trim();
  if (subject === '') errors.push({ field: 'subject', key: 'dialog_errSubjectEmpty' });
  else if (subject.length > LIMITS.subject) errors.push({ field: 'subject', key: 'dialog_errSubjectLong' });
  if (form.message.length > LIMITS.message) errors.push({ field: 'message', key: 'dialog_errMessageLong' });
  return errors;
}

/** The DOM ids of a field and of its error message (aria-describedby points from one to the other). */
export const fieldDomId = (field: FieldId): string => `field-${field}`;
export const errorDomId = (field: FieldId): string => `error-${field}`;
