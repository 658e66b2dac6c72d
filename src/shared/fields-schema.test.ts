/** Fields on the way in: the dialog's placed fields (sendEnvelope) and an adapter's anchors, checked by schema. */
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { siteAdapterSchema } from './adapters.ts';
import { recipientSchema } from './messages.ts';

const signer = { role: 'signer', name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signNow: false };
const adapter = { id: 'acme-crm', matches: ['https://crm.acme.example/*'], rows: 'tr', link: 'a' };

describe('a recipient\'s fields (sendEnvelope)', () => {
  test('placed (1-based document and page, points) and anchored ones pass', () => {
    const fields = [{ kind: 'signHere', document: 1, page: 2, x: 72.5, y: 640 }, { kind: 'text', anchor: '/tx1/', label: 'Notes' }];
    expect(v.parse(recipientSchema, { ...signer, fields }).fields).toEqual(fields);
  });
  test.each([
    ['an unknown kind', { kind: 'stamp', document: 1, page: 1, x: 1, y: 1 }],
    ['page 0', { kind: 'signHere', document: 1, page: 0, x: 1, y: 1 }],
    ['a negative position', { kind: 'signHere', document: 1, page: 1, x: -5, y: 1 }],
    ['a position past any page', { kind: 'signHere', document: 1, page: 1, x: 1, y: 20_000 }],
    ['an extra property', { kind: 'signHere', document: 1, page: 1, x: 1, y: 1, tabId: 'x' }],
  ])('refuses %s', (_name, field) => {
    expect(v.safeParse(recipientSchema, { ...signer, fields: [field] }).success).toBe(false);
  });
  test('refuses more fields than leave room for the anchored ones', () => {
    const many = Array.from({ length: 40 }, () => ({ kind: 'signHere', document: 1, page: 1, x: 1, y: 1 }));
    expect(v.safeParse(recipientSchema, { ...signer, fields: many.slice(0, 39) }).success).toBe(true);
    expect(v.safeParse(recipientSchema, { ...signer, fields: many }).success).toBe(false);
  });
});

describe('an adapter\'s anchors', () => {
  test('anchor, kind and 1-based signer', () => {
    const anchors = [{ anchor: '**sign_here_2**', kind: 'signHere', signer: 2 }];
    expect(v.parse(siteAdapterSchema, { ...adapter, anchors }).anchors).toEqual(anchors);
  });
  test.each([
    ['signer 0', [{ anchor: '/x/', kind: 'signHere', signer: 0 }]],
    ['an empty anchor', [{ anchor: '', kind: 'signHere', signer: 1 }]],
    ['an unknown kind', [{ anchor: '/x/', kind: 'seal', signer: 1 }]],
    ['more than ten', Array.from({ length: 11 }, (_, i) => ({ anchor: `/a${i}/`, kind: 'signHere', signer: 1 }))],
  ])('refuses %s', (_name, anchors) => {
    expect(v.safeParse(siteAdapterSchema, { ...adapter, anchors }).success).toBe(false);
  });
});
