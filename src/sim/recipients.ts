/** Signers and carbon copies of a posted envelope, and template roles filled through `templateRoles`. */
import { array, scalar, type Obj } from './body.ts';
import { sha256 } from './documents.ts';
import { Errors, esignError } from './errors.ts';
import { makePdf } from './pdf.ts';
import type { Store } from './store.ts';
import { parseDelivery, parseReach } from './identity.ts';
import { parseTabs } from './tabs.ts';
import type { SeedTemplateRole, SimDocument, SimRecipient, SimTab } from './types.ts';

export function parseRecipient(r: Obj, path: string, type: SimRecipient['type']): SimRecipient {
  const recipientId = scalar(r, 'recipientId', path);
  if (!recipientId || !/^\d{1,9}$/.test(recipientId)) {
    throw esignError(400, 'INVALID_RECIPIENT_ID', `The recipient ID is invalid. Path '${path}recipientId'.`); // UNCONFIRMED code
  }
  const { deliveryMethod, phoneNumber } = parseDelivery(r, path, recipientId);
  const bySms = deliveryMethod !== undefined && /^(sms|whatsapp)$/i.test(deliveryMethod);
  const email = scalar(r, 'email', path) ?? '';
  const name = scalar(r, 'name', path) ?? '';
  // Delivered by SMS or WhatsApp, e-mail is optional (code-examples-node smsDelivery.js).
  const emailOptional = bySms && email === '';
  if (!emailOptional && (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 100)) {
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
    reach: parseReach(r, path, recipientId),
    status: 'created',
    type,
    tabs: parseTabs(r, path, type),
  };
}

/**
 * A role's text tabs get their values by label; a label the role does not have is ignored, as DocuSign
 * does. Other tabs the sender adds (a Sign here on an added document) stay.
 */
export function fillRoleTabs(recipient: SimRecipient, role: SeedTemplateRole): void {
  const posted = recipient.tabs.filter((t) => t.type === 'text' && t.documentId === undefined && t.anchorString === undefined);
  const others = recipient.tabs.filter((t) => !posted.includes(t));
  const filled = role.textTabs.map((label): SimTab => ({ type: 'text', tabId: crypto.randomUUID(), tabLabel: label, value: posted.find((t) => t.tabLabel === label)?.value ?? '' }));
  recipient.tabs = [...filled, ...others];
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
    fillRoleTabs(recipient, role);
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
