/** Signers and carbon copies of a posted envelope, and template roles filled through `templateRoles`. */
import { array, object, scalar, type Obj } from './body.ts';
import { sha256 } from './documents.ts';
import { Errors, esignError } from './errors.ts';
import { makePdf } from './pdf.ts';
import type { Store } from './store.ts';
import type { SimDocument, SimRecipient, SimTab } from './types.ts';

function parseTabs(recipient: Obj, path: string): SimTab[] {
  const tabs = object(recipient, 'tabs', path);
  if (!tabs) return [];
  return array(tabs, 'textTabs', `${path}tabs.`).map((t, i) => ({
    tabLabel: scalar(t, 'tabLabel', `${path}tabs.textTabs[${i}].`) ?? '',
    value: scalar(t, 'value', `${path}tabs.textTabs[${i}].`) ?? '',
  }));
}

export function parseRecipient(r: Obj, path: string, type: SimRecipient['type']): SimRecipient {
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

export function applyTemplate(store: Store, accountId: string, def: Obj, templateId: string, signers: SimRecipient[], documents: SimDocument[], sending: boolean): string {
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
  if (sending && missing.length > 0) {
    // UNCONFIRMED code: every role of the template must be filled to send (a draft may leave roles open).
    throw esignError(400, 'TEMPLATE_ROLE_NOT_FILLED', `Every template role needs a recipient. Missing: ${missing.map((m) => m.roleName).join(', ')}.`);
  }
  signers.push(...roles);
  for (const d of template.documents) {
    const bytes = makePdf(d.pages, d.name);
    documents.push({ documentId: d.documentId, name: d.name, fileExtension: 'pdf', bytes, sha256: sha256(bytes), pages: d.pages });
  }
  return template.emailSubject;
}
