/** The worker's request part: SMS delivery and authentication reach the server as its schema takes them. */
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { EnvelopeRequest } from '../shared/api.ts';
import { buildEnvelopeRequest } from './send-request.ts';

/** Every signer gets a Sign here wherever the documents say `/snN/` (N: their place among the signers). */
const SN1 = [{ kind: 'signHere', anchor: '/sn1/' }];

const base = { accountId: 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55', subject: 'Please sign', message: '', fields: {}, source: { url: 'https://crm.example/r/1', title: 'R' } };
const signer = { role: 'signer' as const, name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signNow: false, delivery: 'email' as const, phone: '+1 415 555 0100', auth: 'none' as const };

describe('buildEnvelopeRequest', () => {
  test('by e-mail: no phone is sent, even when the page had one', () => {
    const request = buildEnvelopeRequest({ ...base, recipients: [signer] });
    expect(request.signers).toEqual([{ name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signsNow: false, fields: SN1 }]);
  });
  test('by SMS with SMS authentication: delivery, auth and the phone as typed; the server schema accepts it', () => {
    const request = buildEnvelopeRequest({ ...base, recipients: [{ ...signer, email: '', delivery: 'sms', auth: 'sms' }] });
    expect(request.signers).toEqual([{ name: 'Ada', email: '', routingOrder: 1, signsNow: false, delivery: 'sms', auth: 'sms', phone: { number: '+1 415 555 0100' }, fields: SN1 }]);
    expect(v.safeParse(EnvelopeRequest, request).success).toBe(true);
  });

  test('fields placed in the dialog, then `/snN/` per signer and the adapter\'s anchors for that signer', () => {
    const placed = { kind: 'dateSigned' as const, document: 1, page: 2, x: 100.4, y: 200 };
    const cc = { ...signer, role: 'cc' as const, name: 'Cy', email: 'cy@acme.example', routingOrder: 3 };
    const bea = { ...signer, name: 'Bea', email: 'bea@acme.example', routingOrder: 2 };
    const anchors = [{ anchor: '**init2**', kind: 'initialHere' as const, signer: 2 }];
    const request = buildEnvelopeRequest({ ...base, recipients: [{ ...signer, fields: [placed] }, cc, bea], anchors });
    expect(request.signers.map((s) => s.fields)).toEqual([
      [placed, ...SN1],
      [{ kind: 'signHere', anchor: '/sn2/' }, { kind: 'initialHere', anchor: '**init2**' }],
    ]);
    expect(v.safeParse(EnvelopeRequest, request).success).toBe(true);
  });
  test('from a template: the template, and each signer the role it fills with its text values, as the server takes them', () => {
    const textValues = [{ label: 'company', value: 'Acme Corp' }];
    const request = buildEnvelopeRequest({ ...base, templateId: '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99', recipients: [{ ...signer, templateRole: 'Client', textValues }] });
    expect(request.template).toEqual({ templateId: '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99' });
    expect(request.signers[0]).toMatchObject({ role: 'Client', textValues });
    expect(v.safeParse(EnvelopeRequest, request).success).toBe(true);
    // Without a template a role is never sent (the server refuses a role without a template).
    expect(buildEnvelopeRequest({ ...base, recipients: [{ ...signer, templateRole: 'Client', textValues }] }).signers[0]).not.toHaveProperty('role');
  });
});
