/** SMS delivery and SMS/phone authentication per signer, as DocuSign documents them; bad numbers refused. */
import { describe, expect, test } from 'vitest';
import type { EnvelopeRequestInput } from '../shared/api.ts';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';
import { captureDefinitions, errorOf } from '../../test/support/outgoing.ts';
import { createKit, envelopeRequest, send } from '../../test/support/server-kit.ts';

type Signer = EnvelopeRequestInput['signers'][number];
const dana = (extra: Partial<Signer>): Signer => ({ name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1, ...extra });

describeWithSpec('phone delivery and authentication', () => {
  test("SMS delivery to the page's phone, and SMS authentication: DocuSign's fields, normalised", async () => {
    const out = captureDefinitions();
    const kit = createKit({ wrapFetch: out.wrapFetch });
    const token = await kit.login('alice');
    const request = envelopeRequest({
      signers: [
        dana({ email: '', delivery: 'sms', phone: { number: '+1 (415) 555-0100' }, auth: 'sms' }),
        { name: 'Eli Ek', email: 'eli@example.org', routingOrder: 2, delivery: 'email_and_sms', phone: { countryCode: '49', number: '0151 2345678' }, auth: 'phone' },
      ],
    });
    const res = await send(kit.app, { token, key: 'phone-send-0001', request });
    expect(res.status, await res.clone().text()).toBe(201);
    const sent = out.bodies[0] as { recipients: { signers: Record<string, unknown>[] } };
    expect(validateAgainstSpec('envelopeDefinition', sent)).toEqual([]);
    const [first, second] = sent.recipients.signers;
    const us = { countryCode: '1', number: '4155550100' };
    const de = { countryCode: '49', number: '1512345678' };
    expect(first).toMatchObject({ deliveryMethod: 'SMS', phoneNumber: us, identityVerification: { workflowId: expect.any(String) as unknown, inputOptions: [{ name: 'phone_number_list', valueType: 'PhoneNumberList', phoneNumberList: [us] }] } });
    expect(first).not.toHaveProperty('email');
    expect(second).toMatchObject({ deliveryMethod: 'Email', additionalNotifications: [{ secondaryDeliveryMethod: 'SMS', phoneNumber: de }], identityVerification: { inputOptions: [{ phoneNumberList: [de] }] } });
    const workflows = (kit.sim.control.calls().filter((c) => c.path.endsWith('/identity_verification')));
    expect(workflows).toHaveLength(1);
    // The simulator accepted what DocuSign accepts: the workflow ids are the account's.
    const [e] = kit.sim.control.envelopes();
    expect(e?.recipients.signers.map((s) => s.reach.identityVerification?.workflowId)).toEqual([
      '6f0ae3a5-7f2d-4f4b-93c7-4b6e3a5c2a10',
      'c368e411-1592-4001-a3df-dca94ac539ae',
    ]);
  }, 60_000);
});

describe('phone details refused by the server', () => {
  test.each<[string, Partial<Signer>, string]>([
    ['letters in the number', { delivery: 'sms', phone: { number: '+1 415 CALL NOW' } }, 'phone_invalid'],
    ['no country code', { delivery: 'sms', phone: { number: '0151 2345678' } }, 'phone_invalid'],
    ['SMS delivery without a phone', { delivery: 'sms' }, 'bad_request'],
    ['SMS authentication without a phone', { auth: 'sms' }, 'bad_request'],
    ['SMS only without e-mail but signing now', { email: '', delivery: 'sms', phone: { number: '+14155550100' }, signsNow: true }, 'bad_request'],
  ])('%s: 400, nothing sent', async (_name, extra, code) => {
    const kit = createKit();
    const token = await kit.login('alice');
    const res = await send(kit.app, { token, key: 'phone-bad-00001', request: envelopeRequest({ signers: [dana(extra)] }) });
    expect(await errorOf(res)).toEqual({ status: 400, code });
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign')).toEqual([]);
  });
});
