/**
 * Turns a posted `envelopeDefinition` into a stored envelope, refusing what DocuSign refuses. Scalars
 * may be strings or numbers (the spec types them all as strings; official samples send numbers).
 * Error codes marked UNCONFIRMED are DocuSign-style guesses where no source gave the real one.
 */
import { createHash } from 'node:crypto';
import type { EsignError} from './errors.ts';
import { Errors, esignError } from './errors.ts';
import { countPages, isPdf, makePdf } from './pdf.ts';
import type { Store } from './store.ts';
import type { SimCustomFields, SimDocument, SimEventNotification, SimRecipient, SimTab } from './types.ts';

/** DocuSign's per-document limit (FACTS.md 6). */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
const MAX_RECIPIENTS = 100;
const MAX_DOCUMENTS = 50;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A scalar as DocuSign reads it: strings, numbers and booleans become strings. */
export function scalar(obj: Obj, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw Errors.badBody(`Error converting value to type 'System.String'. Path '${path}${key}'.`);
}

function array(obj: Obj, key: string, path: string): Obj[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every(isObj)) throw Errors.badBody(`Cannot deserialize the current value into an array of objects. Path '${path}${key}'.`);
  return v;
}

function object(obj: Obj, key: string, path: string): Obj | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) throw Errors.badBody(`Cannot deserialize the current value into an object. Path '${path}${key}'.`);
  return v;
}

export interface UploadedDocument {
  bytes: Uint8Array;
  filename?: string;
}

export interface ParsedDefinition {
  status: 'created' | 'sent';
  emailSubject: string;
  emailBlurb?: string;
  documents: SimDocument[];
  signers: SimRecipient[];
  carbonCopies: SimRecipient[];
  customFields: SimCustomFields;
  eventNotification?: SimEventNotification;
  templateId?: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function decodeBase64(value: string, path: string): Uint8Array {
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw Errors.badBody(`The input is not a valid Base-64 string. Path '${path}documentBase64'.`);
  }
  if ((clean.length * 3) / 4 > MAX_DOCUMENT_BYTES + 3) throw documentTooLarge();
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

// UNCONFIRMED code: DocuSign documents a 25 MB per-document limit but not the REST error for it.
const documentTooLarge = (): EsignError => esignError(400, 'MAX_DOCUMENT_SIZE_EXCEEDED', 'The document exceeds the maximum size of 25 MB.');

function parseDocument(doc: Obj, i: number, uploads: Map<string, UploadedDocument>): SimDocument {
  const path = `documents[${i}].`;
  const documentId = scalar(doc, 'documentId', path);
  const name = scalar(doc, 'name', path);
  if (!documentId || !/^\d{1,9}$/.test(documentId) || documentId === '0') {
    // UNCONFIRMED code: documentId must be a positive integer.
    throw esignError(400, 'INVALID_DOCUMENT_ID', 'Invalid document ID. documentId must be a positive integer.');
  }
  if (!name) throw esignError(400, 'DOCUMENT_NAME_REQUIRED', `A name is required for document ${documentId}.`); // UNCONFIRMED code
  const b64 = scalar(doc, 'documentBase64', path);
  const bytes = b64 !== undefined ? decodeBase64(b64, path) : uploads.get(documentId)?.bytes;
  if (!bytes || bytes.byteLength === 0) {
    throw esignError(400, 'DOCUMENT_DOES_NOT_EXIST', `The document specified was not found. documentId ${documentId} has no content.`);
  }
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw documentTooLarge();
  const fromName = /\.([A-Za-z0-9]{1,8})$/.exec(uploads.get(documentId)?.filename ?? name)?.[1];
  const fileExtension = (scalar(doc, 'fileExtension', path) ?? fromName ?? 'pdf').toLowerCase().replace(/^\./, '');
  // Without a fileExtension DocuSign treats the bytes as PDF; anything else fails conversion (spec `document.fileExtension`).
  if (fileExtension === 'pdf' && !isPdf(bytes)) {
    throw esignError(400, 'FORMAT_CONVERSION_ERROR', `The data could not be converted. Document ${documentId} is not a PDF; set fileExtension for other formats.`);
  }
  // Non-PDF documents are "converted": the simulator keeps the bytes and counts one page.
  return { documentId, name, fileExtension, bytes, sha256: sha256(bytes), pages: fileExtension === 'pdf' ? countPages(bytes) : 1 };
}

function parseTabs(recipient: Obj, path: string): SimTab[] {
  const tabs = object(recipient, 'tabs', path);
  if (!tabs) return [];
  return array(tabs, 'textTabs', `${path}tabs.`).map((t, i) => ({
    tabLabel: scalar(t, 'tabLabel', `${path}tabs.textTabs[${i}].`) ?? '',
    value: scalar(t, 'value', `${path}tabs.textTabs[${i}].`) ?? '',
  }));
}

function parseRecipient(r: Obj, path: string, type: SimRecipient['type']): SimRecipient {
  const recipientId = scalar(r, 'recipientId', path);
  if (!recipientId || !/^\d{1,9}$/.test(recipientId)) {
    throw esignError(400, 'INVALID_RECIPIENT_ID', `The recipient ID is invalid. Path '${path}recipientId'.`); // UNCONFIRMED code
  }
  const deliveryMethod = scalar(r, 'deliveryMethod', path);
  const phone = object(r, 'phoneNumber', path);
  const phoneNumber = phone ? { countryCode: scalar(phone, 'countryCode', `${path}phoneNumber.`) ?? '', number: scalar(phone, 'number', `${path}phoneNumber.`) ?? '' } : undefined;
  const bySms = deliveryMethod !== undefined && /^(sms|whatsapp)$/i.test(deliveryMethod);
  const email = scalar(r, 'email', path) ?? '';
  const name = scalar(r, 'name', path) ?? '';
  if (bySms) {
    if (!phoneNumber?.countryCode || !/^\d{4,15}$/.test(phoneNumber.number.replace(/[\s-]/g, ''))) {
      throw esignError(400, 'INVALID_PHONE_NUMBER', `The phone number for the recipient is invalid. The recipient Id follows. ${recipientId}`); // UNCONFIRMED code
    }
  } else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 100) {
    throw esignError(400, 'INVALID_EMAIL_ADDRESS_FOR_RECIPIENT', `The email address for the recipient is invalid. The recipient Id follows. ${recipientId}`);
  }
  if (!name.trim() || name.length > 100) {
    throw esignError(400, 'INVALID_USERNAME_FOR_RECIPIENT', `The user name for the recipient is invalid. The recipient Id follows. ${recipientId}`);
  }
  const clientUserId = scalar(r, 'clientUserId', path);
  if (clientUserId !== undefined && clientUserId.length > 100) {
    // The spec caps clientUserId at 100 characters; UNCONFIRMED code.
    throw esignError(400, 'INVALID_CLIENT_USER_ID', `The clientUserId is longer than 100 characters. The recipient Id follows. ${recipientId}`);
  }
  const routingOrder = scalar(r, 'routingOrder', path) ?? '1';
  if (!/^\d{1,5}$/.test(routingOrder)) throw Errors.invalidParameter(`Invalid routingOrder for recipient ${recipientId}.`);
  const roleName = scalar(r, 'roleName', path);
  return {
    recipientId,
    recipientIdGuid: crypto.randomUUID(),
    routingOrder,
    email,
    name,
    ...(clientUserId !== undefined && clientUserId !== '' ? { clientUserId } : {}),
    ...(roleName !== undefined ? { roleName } : {}),
    ...(deliveryMethod !== undefined ? { deliveryMethod } : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
    status: 'created',
    type,
    textTabs: parseTabs(r, path),
  };
}

function parseCustomFields(def: Obj): SimCustomFields {
  const cf = object(def, 'customFields', '');
  const out: SimCustomFields = { textCustomFields: [], listCustomFields: [] };
  if (!cf) return out;
  for (const [list, key] of [[out.textCustomFields, 'textCustomFields'], [out.listCustomFields, 'listCustomFields']] as const) {
    array(cf, key, 'customFields.').forEach((f, i) => {
      const path = `customFields.${key}[${i}].`;
      const name = scalar(f, 'name', path);
      // UNCONFIRMED code: a custom field needs a name.
      if (!name) throw esignError(400, 'INVALID_CUSTOM_FIELD', `A custom field name is required. Path '${path}name'.`);
      const value = scalar(f, 'value', path) ?? '';
      const show = scalar(f, 'show', path);
      const required = scalar(f, 'required', path);
      list.push({ name, value, ...(show !== undefined ? { show } : {}), ...(required !== undefined ? { required } : {}), fieldId: String(10_000 + list.length) });
    });
  }
  return out;
}

function parseEventNotification(def: Obj): SimEventNotification | undefined {
  const en = object(def, 'eventNotification', '');
  if (!en) return undefined;
  const url = scalar(en, 'url', 'eventNotification.') ?? '';
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  // UNCONFIRMED code: DocuSign requires an absolute URL (https in production; the simulator allows http).
  if (!parsed || !/^https?:$/.test(parsed.protocol)) throw esignError(400, 'INVALID_EVENT_NOTIFICATION_URL', 'The eventNotification url must be an absolute http(s) URL.');
  const events = [
    ...(Array.isArray(en['events']) ? en['events'].filter((e): e is string => typeof e === 'string').map((e) => e.toLowerCase()) : []),
    // The older form: envelopeEvents[{ envelopeEventStatusCode: "completed" }].
    ...array(en, 'envelopeEvents', 'eventNotification.').map((e) => `envelope-${(scalar(e, 'envelopeEventStatusCode', 'eventNotification.envelopeEvents.') ?? '').toLowerCase()}`),
    ...array(en, 'recipientEvents', 'eventNotification.').map((e) => `recipient-${(scalar(e, 'recipientEventStatusCode', 'eventNotification.recipientEvents.') ?? '').toLowerCase()}`),
  ];
  const truthy = (key: string) => (scalar(en, key, 'eventNotification.') ?? '').toLowerCase() === 'true';
  return { url, includeHMAC: truthy('includeHMAC'), requireAcknowledgment: truthy('requireAcknowledgment'), events };
}

function applyTemplate(store: Store, accountId: string, def: Obj, templateId: string, signers: SimRecipient[], documents: SimDocument[]): string {
  const template = store.templates.get(templateId);
  // UNCONFIRMED code: an unknown template id.
  if (!template || template.accountId !== accountId) throw esignError(400, 'TEMPLATE_ID_INVALID', `Invalid template ID: ${templateId}.`);
  const roles = array(def, 'templateRoles', '').map((r, i) => {
    const path = `templateRoles[${i}].`;
    const roleName = scalar(r, 'roleName', path) ?? '';
    const role = template.roles.find((t) => t.roleName === roleName);
    // UNCONFIRMED code: a role the template does not have.
    if (!role) throw esignError(400, 'INVALID_ROLE_NAME', `The role name ${roleName} is not in template ${templateId}.`);
    const recipient = parseRecipient({ ...r, recipientId: role.recipientId, routingOrder: scalar(r, 'routingOrder', path) ?? role.routingOrder }, path, 'signer');
    // Tab values are applied by label; a label the role does not have is ignored, as DocuSign does.
    recipient.textTabs = role.textTabs.map((label) => ({ tabLabel: label, value: recipient.textTabs.find((t) => t.tabLabel === label)?.value ?? '' }));
    return recipient;
  });
  const missing = template.roles.filter((t) => !roles.some((r) => r.roleName === t.roleName));
  if (missing.length > 0) {
    // UNCONFIRMED code: every role of the template must be filled to send.
    throw esignError(400, 'TEMPLATE_ROLE_NOT_FILLED', `Every template role needs a recipient. Missing: ${missing.map((m) => m.roleName).join(', ')}.`);
  }
  signers.push(...roles);
  for (const d of template.documents) {
    const bytes = makePdf(d.pages, d.name);
    documents.push({ documentId: d.documentId, name: d.name, fileExtension: 'pdf', bytes, sha256: sha256(bytes), pages: d.pages });
  }
  return template.emailSubject;
}

export function parseDefinition(store: Store, accountId: string, body: unknown, uploads: Map<string, UploadedDocument>): ParsedDefinition {
  if (!isObj(body)) throw Errors.badBody('The envelope definition must be a JSON object.');
  const status = (scalar(body, 'status', '') ?? 'created').toLowerCase();
  if (status !== 'created' && status !== 'sent') {
    throw esignError(400, 'ENVELOPE_INVALID_STATUS', `Invalid envelope status: ${status}. Create an envelope as 'created' or 'sent'.`); // UNCONFIRMED code
  }
  const rawDocs = array(body, 'documents', '');
  if (rawDocs.length > MAX_DOCUMENTS) throw Errors.invalidParameter(`At most ${MAX_DOCUMENTS} documents per envelope.`);
  const documents = rawDocs.map((d, i) => parseDocument(d, i, uploads));
  const recipients = object(body, 'recipients', '') ?? {};
  const signers = array(recipients, 'signers', 'recipients.').map((r, i) => parseRecipient(r, `recipients.signers[${i}].`, 'signer'));
  const carbonCopies = array(recipients, 'carbonCopies', 'recipients.').map((r, i) => parseRecipient(r, `recipients.carbonCopies[${i}].`, 'carbonCopy'));
  const templateId = scalar(body, 'templateId', '');
  let emailSubject = scalar(body, 'emailSubject', '');
  if (templateId !== undefined) {
    const fromTemplate = applyTemplate(store, accountId, body, templateId, signers, documents);
    emailSubject ??= fromTemplate;
  }
  const ids = [...signers, ...carbonCopies].map((r) => r.recipientId);
  if (ids.length > MAX_RECIPIENTS) throw Errors.invalidParameter(`At most ${MAX_RECIPIENTS} recipients per envelope.`);
  // UNCONFIRMED code: recipient ids must be unique across every recipient type.
  if (new Set(ids).size !== ids.length) throw esignError(400, 'RECIPIENT_ID_DUPLICATED', 'Recipient IDs must be unique within an envelope.');
  const docIds = documents.map((d) => d.documentId);
  if (new Set(docIds).size !== docIds.length) throw esignError(400, 'DOCUMENT_ID_DUPLICATED', 'Document IDs must be unique within an envelope.'); // UNCONFIRMED code
  if (emailSubject !== undefined && emailSubject.length > 100) throw Errors.invalidParameter('The email subject is longer than 100 characters.');
  if (status === 'sent' && (documents.length === 0 || signers.length + carbonCopies.length === 0 || !emailSubject)) {
    throw esignError(400, 'ENVELOPE_IS_INCOMPLETE', 'The Envelope is not Complete. A Complete Envelope Requires Documents, Recipients, Tabs, and a Subject Line.');
  }
  const emailBlurb = scalar(body, 'emailBlurb', '');
  const eventNotification = parseEventNotification(body);
  return {
    status,
    emailSubject: emailSubject ?? '',
    ...(emailBlurb !== undefined ? { emailBlurb } : {}),
    documents,
    signers,
    carbonCopies,
    customFields: parseCustomFields(body),
    ...(eventNotification ? { eventNotification } : {}),
    ...(templateId !== undefined ? { templateId } : {}),
  };
}
