/** SMS delivery, an extra SMS notification, SMS and phone authentication, identity-verification workflows. */
import { describe, expect, test } from 'vitest';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { createSim, makePdf } from './index.ts';
import { ACCOUNTS, api, ORIGIN, pdfBase64, tokenFor, USERS } from './test-helpers.ts';

async function setup() {
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  return { sim, us: api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs) };
}

const PDF = pdfBase64(makePdf(1));
const phone = { countryCode: '49', number: '15112345678' };
const withSigner = (signer: Record<string, unknown>) => ({
  emailSubject: 'Please sign',
  status: 'sent',
  documents: [{ documentId: '1', name: 'Contract.pdf', fileExtension: 'pdf', documentBase64: PDF }],
  recipients: { signers: [{ recipientId: '1', routingOrder: '1', name: 'Dana Doe', email: 'dana@example.org', ...signer }] },
});

async function workflowId(us: ReturnType<typeof api>, name: string): Promise<string> {
  const body = (await (await us.call('GET', '/identity_verification')).json()) as { identityVerification: { workflowId: string; defaultName: string }[] };
  return body.identityVerification.find((w) => w.defaultName === name)?.workflowId ?? '';
}

async function refusal(res: Response, errorCode: string) {
  expect({ status: res.status, body: (await res.json()) as unknown }).toEqual({ status: 400, body: { errorCode, message: expect.any(String) as unknown } });
}

describeWithSpec('phone delivery and authentication accepted', () => {
  test('SMS delivery, an extra SMS beside e-mail, and the SMS workflow: kept and answered as posted', async () => {
    const { us } = await setup();
    const sms = await workflowId(us, 'SMS for access & signatures');
    const body = {
      ...withSigner({
        deliveryMethod: 'Email',
        additionalNotifications: [{ secondaryDeliveryMethod: 'SMS', phoneNumber: phone }],
        identityVerification: { workflowId: sms, inputOptions: [{ name: 'phone_number_list', valueType: 'PhoneNumberList', phoneNumberList: [{ countryCode: '49', number: '15112345678' }] }] },
      }),
    };
    const bySms = withSigner({ email: undefined, deliveryMethod: 'SMS', phoneNumber: phone });
    for (const b of [body, bySms]) {
      expect(validateAgainstSpec('envelopeDefinition', b)).toEqual([]);
      const res = await us.call('POST', '/envelopes', b);
      expect(res.status, await res.clone().text()).toBe(201);
      const { envelopeId } = (await res.json()) as { envelopeId: string };
      const recipients: unknown = await (await us.call('GET', `/envelopes/${envelopeId}/recipients`)).json();
      expect(validateAgainstSpec('recipients', recipients)).toEqual([]);
      const [signer] = (recipients as { signers: Record<string, unknown>[] }).signers;
      if (b === body) {
        expect(signer?.['additionalNotifications']).toEqual([{ secondaryDeliveryMethod: 'SMS', phoneNumber: phone }]);
        expect(signer?.['identityVerification']).toMatchObject({ workflowId: sms });
      } else {
        expect(signer).toMatchObject({ deliveryMethod: 'SMS', phoneNumber: phone });
      }
    }
  });

  test('legacy SMS and phone authentication with their configuration names', async () => {
    const { us } = await setup();
    const sms = withSigner({ idCheckConfigurationName: 'SMS Auth $', smsAuthentication: { senderProvidedNumbers: ['+49 151 12345678'] } });
    const call = withSigner({ idCheckConfigurationName: 'Phone Auth $', phoneAuthentication: { recipMayProvideNumber: 'false', senderProvidedNumbers: ['+4915112345678'] } });
    for (const b of [sms, call]) {
      expect(validateAgainstSpec('envelopeDefinition', b)).toEqual([]);
      expect((await us.call('POST', '/envelopes', b)).status).toBe(201);
    }
  });
});

describe('phone details DocuSign refuses', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['SMS delivery with letters in the number', { deliveryMethod: 'SMS', phoneNumber: { countryCode: '1', number: '415-CALL-NOW' } }, 'INVALID_PHONE_NUMBER'],
    ['SMS delivery without a country code', { deliveryMethod: 'SMS', phoneNumber: { countryCode: '', number: '4155551212' } }, 'INVALID_PHONE_NUMBER'],
    ['a number too short', { deliveryMethod: 'SMS', phoneNumber: { countryCode: '1', number: '123' } }, 'INVALID_PHONE_NUMBER'],
    ['an unknown delivery method', { deliveryMethod: 'Pigeon' }, 'INVALID_DELIVERY_METHOD'],
    ['an extra notification without a phone', { additionalNotifications: [{ secondaryDeliveryMethod: 'SMS' }] }, 'INVALID_PHONE_NUMBER'],
    ['SMS Auth without numbers', { idCheckConfigurationName: 'SMS Auth $' }, 'INVALID_PHONE_NUMBER'],
    ['an unknown authentication configuration', { idCheckConfigurationName: 'Magic $' }, 'INVALID_IDCHECK_CONFIGURATION'],
    ['an unknown workflow', { identityVerification: { workflowId: '11111111-2222-4333-8444-555555555555' } }, 'IDENTITY_WORKFLOW_INVALID_ID'],
    ['the SMS workflow without a phone list', { identityVerification: { workflowId: '6f0ae3a5-7f2d-4f4b-93c7-4b6e3a5c2a10' } }, 'INVALID_PHONE_NUMBER'],
  ])('%s', async (_name, signer, code) => {
    const { us } = await setup();
    await refusal(await us.call('POST', '/envelopes', withSigner(signer)), code);
  });
});
