/** Stored envelopes and templates in DocuSign's JSON shapes (spec definitions named in each function). */
import { tabsJson } from './tabs.ts';
import type { SeedTemplate, SimEnvelope, SimRecipient } from './types.ts';

/** DocuSign's date-time form: seven fractional digits and Z. */
export const dsDate = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');


/** spec `signer` / `carbonCopy`. */
export function recipientJson(r: SimRecipient, withTabs: boolean) {
  return {
    recipientId: r.recipientId,
    recipientIdGuid: r.recipientIdGuid,
    recipientType: r.type === 'signer' ? 'signer' : 'carboncopy',
    routingOrder: r.routingOrder,
    email: r.email,
    name: r.name,
    ...(r.clientUserId !== undefined ? { clientUserId: r.clientUserId } : {}),
    ...(r.roleName !== undefined ? { roleName: r.roleName } : {}),
    ...(r.deliveryMethod !== undefined ? { deliveryMethod: r.deliveryMethod } : {}),
    ...(r.phoneNumber ? { phoneNumber: r.phoneNumber } : {}),
    ...r.reach,
    status: r.status,
    ...(r.sentDateTime ? { sentDateTime: r.sentDateTime } : {}),
    ...(r.deliveredDateTime ? { deliveredDateTime: r.deliveredDateTime } : {}),
    ...(r.signedDateTime ? { signedDateTime: r.signedDateTime } : {}),
    ...(r.declinedDateTime ? { declinedDateTime: r.declinedDateTime, declinedReason: r.declinedReason ?? '' } : {}),
    ...(withTabs && r.tabs.length > 0 ? { tabs: tabsJson(r.recipientId, r.tabs) } : {}),
  };
}

/** spec `envelopeRecipients`. */
export function recipientsJson(e: SimEnvelope, withTabs = false) {
  const signers = e.recipients.signers.map((r) => recipientJson(r, withTabs));
  const carbonCopies = e.recipients.carbonCopies.map((r) => recipientJson(r, withTabs));
  return { signers, carbonCopies, recipientCount: String(signers.length + carbonCopies.length) };
}

/** spec `customFieldsEnvelope`. */
export const customFieldsJson = (e: SimEnvelope) => ({
  textCustomFields: e.customFields.textCustomFields.map((f) => ({ ...f })),
  listCustomFields: e.customFields.listCustomFields.map((f) => ({ ...f })),
});

/** spec `envelopeDocument.pages`: one `page` per page (the simulator's pages are US Letter at 72 dpi). */
export const pagesJson = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ pageId: String(i + 1), sequence: String(i + 1), height: '792', width: '612', dpi: '72' }));

/** spec `envelope`; `include` is DocuSign's comma-separated list (recipients, custom_fields, documents). */
export function envelopeJson(e: SimEnvelope, include: Set<string>, sender: { userName: string; userId: string; email: string }) {
  const uri = `/envelopes/${e.envelopeId}`;
  return {
    envelopeId: e.envelopeId,
    status: e.status,
    emailSubject: e.emailSubject,
    ...(e.emailBlurb !== undefined ? { emailBlurb: e.emailBlurb } : {}),
    envelopeUri: uri,
    documentsUri: `${uri}/documents`,
    documentsCombinedUri: `${uri}/documents/combined`,
    recipientsUri: `${uri}/recipients`,
    customFieldsUri: `${uri}/custom_fields`,
    notificationUri: `${uri}/notification`,
    certificateUri: `${uri}/documents/certificate`,
    attachmentsUri: `${uri}/attachments`,
    templatesUri: `${uri}/templates`,
    createdDateTime: dsDate(e.createdDateTime),
    lastModifiedDateTime: dsDate(e.lastModifiedDateTime),
    statusChangedDateTime: dsDate(e.statusChangedDateTime),
    ...(e.sentDateTime !== undefined ? { sentDateTime: dsDate(e.sentDateTime), initialSentDateTime: dsDate(e.sentDateTime) } : {}),
    ...(e.deliveredDateTime !== undefined ? { deliveredDateTime: dsDate(e.deliveredDateTime) } : {}),
    ...(e.completedDateTime !== undefined ? { completedDateTime: dsDate(e.completedDateTime) } : {}),
    ...(e.declinedDateTime !== undefined ? { declinedDateTime: dsDate(e.declinedDateTime) } : {}),
    ...(e.voidedDateTime !== undefined ? { voidedDateTime: dsDate(e.voidedDateTime), voidedReason: e.voidedReason ?? '' } : {}),
    sender: { userName: sender.userName, userId: sender.userId, accountId: e.accountId, email: sender.email },
    purgeState: 'unpurged',
    is21CFRPart11: 'false',
    signerCanSignOnMobile: 'true',
    ...(include.has('recipients') ? { recipients: recipientsJson(e, include.has('tabs')) } : {}),
    ...(include.has('custom_fields') ? { customFields: customFieldsJson(e) } : {}),
    ...(include.has('documents')
      ? {
          envelopeDocuments: e.documents.map((d, i) => ({
            documentId: d.documentId,
            name: d.name,
            type: 'content',
            uri: `${uri}/documents/${d.documentId}`,
            order: String(i + 1),
            pages: pagesJson(d.pages),
            display: 'inline',
            includeInDownload: 'true',
            sizeBytes: String(d.bytes.byteLength),
          })),
        }
      : {}),
  };
}

/** spec `envelopeTemplate`. */
export function templateJson(t: SeedTemplate, created: number, full: boolean) {
  return {
    templateId: t.templateId,
    uri: `/templates/${t.templateId}`,
    name: t.name,
    description: t.description,
    emailSubject: t.emailSubject,
    shared: 'false',
    created: dsDate(created),
    lastModified: dsDate(created),
    pageCount: String(t.documents.reduce((n, d) => n + d.pages, 0)),
    ...(full
      ? {
          documents: t.documents.map((d, i) => ({ documentId: d.documentId, name: d.name, pages: String(d.pages), order: String(i + 1) })),
          recipients: {
            signers: t.roles.map((r) => ({
              roleName: r.roleName,
              recipientId: r.recipientId,
              routingOrder: r.routingOrder,
              ...(r.textTabs.length > 0 ? { tabs: { textTabs: r.textTabs.map((label, i) => ({ tabLabel: label, tabId: String(i + 1) })) } } : {}),
            })),
            recipientCount: String(t.roles.length),
          },
        }
      : {}),
  };
}
