import { describe, expect, it } from 'vitest';
import type { EnvelopeStatusView } from './status-api.ts';
import { documentStatus } from './status-view.ts';

const base: EnvelopeStatusView = {
  envelopeId: '00000000-0000-4000-8000-000000000001',
  accountId: 'a',
  subject: 'S',
  documents: ['Offer.pdf'],
  status: 'sent',
  sentAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  recipients: [
    { recipientId: '1', kind: 'signer', name: 'A', email: 'a@x', routingOrder: 1, status: 'sent' },
    { recipientId: '2', kind: 'signer', name: 'B', email: 'b@x', routingOrder: 2, status: 'created' },
    { recipientId: '3', kind: 'carbonCopy', name: 'C', email: 'c@x', routingOrder: 3, status: 'created' },
  ],
};
const at = (iso: string) => Date.parse(iso);

describe('documentStatus', () => {
  it('sent, delivered, signed by n of m (signers only), completed, declined, voided, each dated', () => {
    expect(documentStatus(base)).toEqual({ state: 'sent', at: at('2026-12-01T10:00:00.000Z'), signed: 0, of: 2 });
    expect(documentStatus({ ...base, status: 'delivered', deliveredAt: '2026-12-01T11:00:00.000Z' })).toMatchObject({ state: 'delivered', at: at('2026-12-01T11:00:00.000Z') });
    const oneSigned = { ...base, recipients: base.recipients.map((r) => (r.recipientId === '1' ? { ...r, status: 'completed' as const, completedAt: '2026-12-02T09:00:00.000Z' } : r)) };
    expect(documentStatus(oneSigned)).toEqual({ state: 'signing', at: at('2026-12-02T09:00:00.000Z'), signed: 1, of: 2 });
    expect(documentStatus({ ...oneSigned, status: 'completed', completedAt: '2026-12-03T09:00:00.000Z' })).toMatchObject({ state: 'completed', at: at('2026-12-03T09:00:00.000Z') });
    expect(documentStatus({ ...oneSigned, status: 'declined', declinedAt: '2026-12-03T09:00:00.000Z' })).toMatchObject({ state: 'declined' });
    expect(documentStatus({ ...oneSigned, status: 'voided', voidedAt: '2026-12-04T09:00:00.000Z' })).toMatchObject({ state: 'voided', at: at('2026-12-04T09:00:00.000Z') });
  });

  it('falls back to the last change when the state has no time of its own', () => {
    const { sentAt: _sentAt, ...noTime } = base;
    expect(documentStatus({ ...noTime, updatedAt: '2026-12-05T00:00:00.000Z' }).at).toBe(at('2026-12-05T00:00:00.000Z'));
  });
});
