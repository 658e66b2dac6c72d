/**
 * The form's problems, every one at once, each tied to the field it is about (form-fields.ts: the limits,
 * the same as the worker's `sendEnvelope` schema). Loaded with the rest of the send (later/index.ts):
 * nothing here is needed before the user acts.
 */
import { DOCUMENT_LIMITS } from '../../shared/document-limits.ts';
import type { Recipient } from '../../shared/messages.ts';
import { normalizePhone } from '../../shared/phone.ts';
import { EMAIL } from '../../shared/recipient-rules.ts';
import { megabytes, type DocumentError, type SendDocument } from '../documents.ts';
import { fieldDomId, LIMITS, type FieldError } from '../form-fields.ts';
import type { DialogState } from '../state.ts';

/** SMS delivery and SMS or phone authentication need the signer's phone number. */
export const needsPhone = (r: Recipient): boolean => r.role === 'signer' && (r.delivery !== 'email' || r.auth !== 'none');

export interface FormFields {
  subject: string;
  message: string;
  recipients: readonly Recipient[];
}

/** A phone number the worker takes (shared/phone.ts, as the server checks it). */
export const phoneIsValid = (phone: string): boolean => normalizePhone({ number: phone }).ok;

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
  if (needsPhone(r) && !phoneIsValid(r.phone)) out.push({ field: `r${index}-phone`, key: 'fields_phone_invalid' });
  return out;
}

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

/** The documents list's problems against the limits, the first one only (it sits on the list as a whole). */
export function documentErrors(list: readonly SendDocument[]): DocumentError[] {
  if (list.length > DOCUMENT_LIMITS.count) return [{ field: 'documents', key: 'dialog_docsErrTooMany', subs: [String(DOCUMENT_LIMITS.count)] }];
  const large = list.find((d) => d.size > DOCUMENT_LIMITS.eachBytes);
  if (large) return [{ field: 'documents', key: 'dialog_docsErrTooLarge', subs: [megabytes(DOCUMENT_LIMITS.eachBytes), large.name] }];
  const total = list.reduce((sum, d) => sum + d.size, 0);
  return total > DOCUMENT_LIMITS.totalBytes ? [{ field: 'documents', key: 'dialog_docsErrTotal', subs: [megabytes(DOCUMENT_LIMITS.totalBytes)] }] : [];
}

/** The form's problems to show: none until Send was refused once, then always those of the form as it is. */
export const fieldErrors = (state: DialogState): FieldError[] =>
  state.attempts > 0 ? [...documentErrors(state.documents.list), ...validate(state.form)] : [];

/** After a refused Send: the focus goes to the first field with a problem (Dialog.tsx, WAI-ARIA forms). */
export function focusFirstError(state: DialogState): void {
  const first = fieldErrors(state)[0];
  if (first) document.getElementById(fieldDomId(first.field))?.focus();
}
