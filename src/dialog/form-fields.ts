/**
 * The form's fields as the form shows them: their limits (maxLength), their DOM ids and the shape of an
 * error tied to one. The checks themselves run on Send and load with it (later/validate.ts). The same
 * limits as the worker's `sendEnvelope` schema (src/shared/messages.ts), written out so the dialog does not
 * ship the schemas of every message (model.test.ts checks that both agree). DocuSign: an envelope's
 * emailSubject holds at most 100 characters, a recipient's name and email at most 100, routingOrder is 1-99 here.
 */
import type { MessageKey } from '../shared/i18n.ts';
import type { DocumentError } from './documents.ts';

export const LIMITS = { subject: 100, message: 10_000, name: 100, email: 100, recipients: 20, order: 99 } as const;

/** Where an error sits: `subject`, `message`, `recipients` (the list as a whole) or a recipient's field. */
export type FieldId = 'documents' | 'subject' | 'message' | 'recipients' | `r${number}-${'name' | 'email' | 'order' | 'phone'}`;

export type RecipientErrorKey = Extract<MessageKey, 'dialog_errNameEmpty' | 'dialog_errNameLong' | 'dialog_errEmailEmpty' | 'dialog_errEmail' | 'dialog_errOrder'>;
export type FormErrorKey = Extract<MessageKey, 'dialog_errNoSigner' | 'dialog_errTooMany' | 'dialog_errSubjectEmpty' | 'dialog_errSubjectLong' | 'dialog_errMessageLong' | 'fields_phone_invalid'>;

/** One problem, at its field; one about a recipient carries the recipient's number (1-based). */
export type FieldError = { field: FieldId; key: FormErrorKey } | { field: FieldId; key: RecipientErrorKey; n: number } | DocumentError;

/** The DOM ids of a field and of its error message (aria-describedby points from one to the other). */
export const fieldDomId = (field: FieldId): string => `field-${field}`;
export const errorDomId = (field: FieldId): string => `error-${field}`;
