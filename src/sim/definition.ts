/**
 * Turns a posted `envelopeDefinition` into a stored envelope, refusing what DocuSign refuses. Scalars
 * may be strings or numbers (the spec types them all as strings; official samples send numbers).
 * Error codes marked UNCONFIRMED are DocuSign-style guesses where no source gave the real one.
 */
import { array, isObj, object, scalar, type Obj } from './body.ts';
import { parseDocument, type UploadedDocument } from './documents.ts';
import { Errors, esignError, type EsignError } from './errors.ts';
import { parseComposites } from './composite.ts';
import { applyTemplate, parseRecipient } from './recipients.ts';
import { placeTabs } from './tabs.ts';
import type { Store } from './store.ts';
import type { SimCustomFields, SimDocument, SimEventNotification, SimRecipient } from './types.ts';

export { MAX_DOCUMENT_BYTES, type UploadedDocument } from './documents.ts';

const MAX_RECIPIENTS = 100;
const MAX_DOCUMENTS = 50;

/** Valid for DocuSign but not simulated: refused loudly rather than silently dropped. */
const UNSUPPORTED_RECIPIENTS = ['agents', 'editors', 'intermediaries', 'inPersonSigners', 'certifiedDeliveries', 'witnesses', 'notaries', 'seals', 'participants'];
const unsupported = (what: string): EsignError =>
  esignError(400, 'SIMULATOR_UNSUPPORTED', `The DocuSign simulator does not support ${what}; DocuSign itself may accept it.`);

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
  const eventData = object(en, 'eventData', 'eventNotification.');
  const include = eventData?.['includeData'];
  const includeData = Array.isArray(include) ? include.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()) : undefined;
  return { url, includeHMAC: truthy('includeHMAC'), requireAcknowledgment: truthy('requireAcknowledgment'), events, ...(includeData ? { includeData } : {}) };
}

export function parseDefinition(store: Store, accountId: string, body: unknown, uploads: Map<string, UploadedDocument>): ParsedDefinition {
  if (!isObj(body)) throw Errors.badBody('The envelope definition must be a JSON object.');
  const status = (scalar(body, 'status', '') ?? 'created').toLowerCase();
  if (status !== 'created' && status !== 'sent') {
    throw esignError(400, 'ENVELOPE_INVALID_STATUS', `Invalid envelope status: ${status}. Create an envelope as 'created' or 'sent'.`); // UNCONFIRMED code
  }
  const rawDocs = array(body, 'documents', '');
  if (rawDocs.length > MAX_DOCUMENTS) throw Errors.invalidParameter(`At most ${MAX_DOCUMENTS} documents per envelope.`);
  const recipients = object(body, 'recipients', '') ?? {};
  for (const key of UNSUPPORTED_RECIPIENTS) {
    if (array(recipients, key, 'recipients.').length > 0) throw unsupported(`recipients.${key}`);
  }
  let documents: SimDocument[];
  let signers: SimRecipient[];
  let carbonCopies: SimRecipient[];
  let templateId = scalar(body, 'templateId', '');
  let emailSubject = scalar(body, 'emailSubject', '');
  if (array(body, 'compositeTemplates', '').length > 0) {
    // DocuSign takes documents and recipients from the composite templates then; envelope-level ones
    // would be lost without a word, so the simulator refuses them.
    const stray = ['documents', 'templateId', 'templateRoles'].filter((k) => body[k] !== undefined);
    if (stray.length > 0 || Object.keys(recipients).length > 0) throw unsupported('envelope-level documents, recipients or templateId beside compositeTemplates');
    const composed = parseComposites(store, accountId, body, uploads, status === 'sent');
    ({ documents, signers, carbonCopies } = composed);
    templateId = composed.templateId;
    emailSubject ??= composed.emailSubject;
  } else {
    documents = rawDocs.map((d, i) => parseDocument(d, i, uploads));
    signers = array(recipients, 'signers', 'recipients.').map((r, i) => parseRecipient(r, `recipients.signers[${i}].`, 'signer'));
    carbonCopies = array(recipients, 'carbonCopies', 'recipients.').map((r, i) => parseRecipient(r, `recipients.carbonCopies[${i}].`, 'carbonCopy'));
    if (templateId !== undefined) {
      const fromTemplate = applyTemplate(store, accountId, body, templateId, signers, documents, status === 'sent');
      emailSubject ??= fromTemplate;
    }
    for (const r of signers) r.tabs = placeTabs(r, documents);
  }
  if (documents.length > MAX_DOCUMENTS) throw Errors.invalidParameter(`At most ${MAX_DOCUMENTS} documents per envelope.`);
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
