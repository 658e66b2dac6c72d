/**
 * Reaching and authenticating a recipient by phone (FACTS-checked shapes from the spec and DocuSign's
 * code examples): SMS/WhatsApp delivery (`deliveryMethod` + `phoneNumber`), an extra SMS next to the
 * e-mail (`additionalNotifications`), legacy SMS/phone authentication (`idCheckConfigurationName` +
 * `smsAuthentication`/`phoneAuthentication`), and the account's identity-verification workflows
 * (`identityVerification.workflowId` from `GET .../identity_verification`).
 */
import { array, object, scalar, type Obj } from './body.ts';
import { esignError, type EsignError } from './errors.ts';
import type { SimPhoneNumber, SimReach } from './types.ts';

/** The IDV workflows a DocuSign developer account lists (names from the official samples). */
export const WORKFLOWS = [
  { workflowId: 'c368e411-1592-4001-a3df-dca94ac539ae', defaultName: 'Phone Authentication', workflowResourceKey: 'phone_auth' },
  { workflowId: '6f0ae3a5-7f2d-4f4b-93c7-4b6e3a5c2a10', defaultName: 'SMS for access & signatures', workflowResourceKey: 'sms_auth' },
  { workflowId: '0e0f3a6b-3a1f-4f7b-9d55-8a5d2c1e7b44', defaultName: 'DocuSign ID Verification', workflowResourceKey: 'idv' },
] as const;
const PHONE_WORKFLOWS: ReadonlySet<string> = new Set(['phone_auth', 'sms_auth']);

/** spec `signer.deliveryMethod` values in use (code-examples-node smsDelivery.js). */
const DELIVERY = new Set(['email', 'sms', 'whatsapp', 'fax', 'offline']);
/** spec `recipientAdditionalNotification.secondaryDeliveryMethod` (email, fax, SMS, offline; WhatsApp in newer releases). */
const SECONDARY = new Set(['sms', 'whatsapp', 'email', 'fax', 'offline']);
/** The legacy authentication configurations the simulator knows (spec `signer.idCheckConfigurationName`). */
const ID_CHECKS = new Set(['SMS Auth $', 'Phone Auth $', 'ID Check $']);

// UNCONFIRMED code: DocuSign refuses a phone number it cannot dial; the real code was not found.
const badPhone = (recipientId: string, path: string): EsignError =>
  esignError(400, 'INVALID_PHONE_NUMBER', `The phone number for the recipient is invalid. Path '${path}'. The recipient Id follows. ${recipientId}`);

export const validPhone = (p: SimPhoneNumber): boolean => /^\d{1,4}$/.test(p.countryCode) && /^\d{4,15}$/.test(p.number);

/** `{countryCode, number}` as posted; digits only once spaces and dashes are dropped. */
export function parsePhone(obj: Obj | undefined, path: string, recipientId: string, codeKey = 'countryCode'): SimPhoneNumber | undefined {
  if (!obj) return undefined;
  const phone = {
    countryCode: (scalar(obj, codeKey, path) ?? '').replace(/^\+/, ''),
    number: (scalar(obj, 'number', path) ?? '').replace(/[\s-]/g, ''),
  };
  if (!validPhone(phone)) throw badPhone(recipientId, path);
  return phone;
}

/** `+<country><number>` numbers of the legacy authentications. */
function senderNumbers(obj: Obj, path: string, recipientId: string): string[] {
  const raw = obj['senderProvidedNumbers'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((n) => typeof n === 'string')) throw badPhone(recipientId, `${path}senderProvidedNumbers`);
  for (const n of raw) if (!/^\+?\d{5,18}$/.test(n.replace(/[\s-]/g, ''))) throw badPhone(recipientId, `${path}senderProvidedNumbers`);
  return raw;
}

export function parseDelivery(r: Obj, path: string, recipientId: string): { deliveryMethod?: string; phoneNumber?: SimPhoneNumber } {
  const deliveryMethod = scalar(r, 'deliveryMethod', path);
  // UNCONFIRMED code for a delivery method DocuSign does not know.
  if (deliveryMethod !== undefined && !DELIVERY.has(deliveryMethod.toLowerCase())) {
    throw esignError(400, 'INVALID_DELIVERY_METHOD', `Invalid deliveryMethod '${deliveryMethod}' for recipient ${recipientId}.`);
  }
  const phoneNumber = parsePhone(object(r, 'phoneNumber', path), `${path}phoneNumber`, recipientId);
  if (deliveryMethod !== undefined && /^(sms|whatsapp)$/i.test(deliveryMethod) && !phoneNumber) throw badPhone(recipientId, `${path}phoneNumber`);
  return { ...(deliveryMethod !== undefined ? { deliveryMethod } : {}), ...(phoneNumber ? { phoneNumber } : {}) };
}

function parseIdentity(r: Obj, path: string, recipientId: string): SimReach['identityVerification'] {
  const idv = object(r, 'identityVerification', path);
  if (!idv) return undefined;
  const workflowId = scalar(idv, 'workflowId', `${path}identityVerification.`) ?? '';
  const workflow = WORKFLOWS.find((w) => w.workflowId === workflowId);
  // UNCONFIRMED code: a workflow id the account's identity_verification list does not have.
  if (!workflow) throw esignError(400, 'IDENTITY_WORKFLOW_INVALID_ID', `The identity verification workflow ID is invalid: '${workflowId}'.`);
  const inputOptions = array(idv, 'inputOptions', `${path}identityVerification.`).map((o, i) => {
    const at = `${path}identityVerification.inputOptions[${i}].`;
    const list = array(o, 'phoneNumberList', at).map((p, j) => parsePhone(p, `${at}phoneNumberList[${j}]`, recipientId) as SimPhoneNumber);
    return { name: scalar(o, 'name', at) ?? '', valueType: scalar(o, 'valueType', at) ?? '', phoneNumberList: list };
  });
  const phones = inputOptions.filter((o) => o.name === 'phone_number_list').flatMap((o) => o.phoneNumberList);
  // Phone and SMS workflows need a number to call or text (phoneAuthentication.js: phone_number_list).
  if (PHONE_WORKFLOWS.has(workflow.workflowResourceKey) && phones.length === 0) throw badPhone(recipientId, `${path}identityVerification.inputOptions`);
  return { workflowId, ...(inputOptions.length > 0 ? { inputOptions } : {}) };
}

export function parseReach(r: Obj, path: string, recipientId: string): SimReach {
  const reach: SimReach = {};
  const notes = array(r, 'additionalNotifications', path).map((n, i) => {
    const at = `${path}additionalNotifications[${i}].`;
    const secondaryDeliveryMethod = scalar(n, 'secondaryDeliveryMethod', at) ?? '';
    if (!SECONDARY.has(secondaryDeliveryMethod.toLowerCase())) {
      throw esignError(400, 'INVALID_DELIVERY_METHOD', `Invalid secondaryDeliveryMethod '${secondaryDeliveryMethod}' for recipient ${recipientId}.`);
    }
    const phoneNumber = parsePhone(object(n, 'phoneNumber', at), `${at}phoneNumber`, recipientId);
    if (!phoneNumber) throw badPhone(recipientId, `${at}phoneNumber`);
    return { secondaryDeliveryMethod, phoneNumber };
  });
  if (notes.length > 0) reach.additionalNotifications = notes;
  const idCheck = scalar(r, 'idCheckConfigurationName', path);
  if (idCheck !== undefined) {
    // UNCONFIRMED code: an authentication configuration the account does not have.
    if (!ID_CHECKS.has(idCheck)) throw esignError(400, 'INVALID_IDCHECK_CONFIGURATION', `Unknown idCheckConfigurationName '${idCheck}' for recipient ${recipientId}.`);
    reach.idCheckConfigurationName = idCheck;
  }
  const sms = object(r, 'smsAuthentication', path);
  if (sms) reach.smsAuthentication = { senderProvidedNumbers: senderNumbers(sms, `${path}smsAuthentication.`, recipientId) };
  const phone = object(r, 'phoneAuthentication', path);
  if (phone) {
    const may = scalar(phone, 'recipMayProvideNumber', `${path}phoneAuthentication.`);
    reach.phoneAuthentication = { ...(may !== undefined ? { recipMayProvideNumber: may } : {}), senderProvidedNumbers: senderNumbers(phone, `${path}phoneAuthentication.`, recipientId) };
  }
  // The legacy configurations need their numbers (smsAuthentication.js sends both together).
  if (idCheck === 'SMS Auth $' && (reach.smsAuthentication?.senderProvidedNumbers.length ?? 0) === 0) throw badPhone(recipientId, `${path}smsAuthentication`);
  if (idCheck === 'Phone Auth $' && !reach.phoneAuthentication) throw badPhone(recipientId, `${path}phoneAuthentication`);
  const idv = parseIdentity(r, path, recipientId);
  if (idv) reach.identityVerification = idv;
  return reach;
}
