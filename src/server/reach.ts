/**
 * How DocuSign reaches and authenticates a signer by phone (code-examples-node smsDelivery.js,
 * multipleDelivery.js, phoneAuthentication.js; spec `signer`):
 * - SMS only: `deliveryMethod: "SMS"` and `phoneNumber {countryCode, number}`;
 * - e-mail and SMS: `deliveryMethod: "Email"` plus `additionalNotifications [{secondaryDeliveryMethod: "SMS", phoneNumber}]`;
 * - SMS or phone authentication: `identityVerification {workflowId, inputOptions: [phone_number_list]}`,
 *   the workflow picked by name from the account's `GET .../identity_verification`.
 */
import type { PhoneNumber } from '../shared/phone.ts';
import { normalizePhone } from '../shared/phone.ts';
import { ErrorCodes } from '../shared/errors.ts';
import type { EnvelopeRequest } from '../shared/api.ts';
import { ApiError } from './http-error.ts';

type Signer = EnvelopeRequest['signers'][number];

/** An account's identity-verification workflow (spec `accountIdentityVerificationWorkflow`). */
export interface Workflow {
  workflowId: string;
  defaultName: string;
}

/** DocuSign's default workflow names (phoneAuthentication.js picks by these). */
const WORKFLOW_NAMES = { sms: 'SMS for access & signatures', phone: 'Phone Authentication' } as const;

export interface SignerReach {
  deliveryMethod?: 'SMS' | 'Email';
  phoneNumber?: PhoneNumber;
  additionalNotifications?: { secondaryDeliveryMethod: 'SMS'; phoneNumber: PhoneNumber }[];
  identityVerification?: {
    workflowId: string;
    inputOptions: { name: 'phone_number_list'; valueType: 'PhoneNumberList'; phoneNumberList: PhoneNumber[] }[];
  };
}

/** The signer's phone, normalised; a 400 on its field when it is not a number. */
export function signerPhone(signer: Signer, index: number): PhoneNumber | undefined {
  if (signer.phone === undefined) return undefined;
  const phone = normalizePhone(signer.phone);
  if (!phone.ok) throw new ApiError(400, ErrorCodes.PHONE_INVALID, `signers.${index}.phone (${signer.name.slice(0, 100)}): ${phone.error.message}`);
  return phone.value;
}

export const needsWorkflows = (request: EnvelopeRequest): boolean => request.signers.some((s) => s.auth !== 'none');

export function reachFor(signer: Signer, index: number, workflows: readonly Workflow[]): SignerReach {
  const phone = signerPhone(signer, index);
  const reach: SignerReach = {};
  if (phone !== undefined && signer.delivery === 'sms') {
    reach.deliveryMethod = 'SMS';
    reach.phoneNumber = phone;
  } else if (phone !== undefined && signer.delivery === 'email_and_sms') {
    reach.deliveryMethod = 'Email';
    reach.additionalNotifications = [{ secondaryDeliveryMethod: 'SMS', phoneNumber: phone }];
  }
  if (signer.auth !== 'none' && phone !== undefined) {
    const name = WORKFLOW_NAMES[signer.auth];
    const workflow = workflows.find((w) => w.defaultName === name);
    if (workflow === undefined) {
      throw new ApiError(422, ErrorCodes.AUTH_UNAVAILABLE, `This DocuSign account has no "${name}" identity verification. Ask its administrator to enable it, or send without it.`);
    }
    reach.identityVerification = {
      workflowId: workflow.workflowId,
      inputOptions: [{ name: 'phone_number_list', valueType: 'PhoneNumberList', phoneNumberList: [phone] }],
    };
  }
  return reach;
}
