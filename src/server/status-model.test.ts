/** The status merge is a join: any order and any number of repeats of the same messages give one state. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ENVELOPE_STATES, RECIPIENT_STATES } from '../shared/status-api.ts';
import { mergeStatus, type StatusUpdate, type TrackedEnvelope } from './status-model.ts';

const start: TrackedEnvelope = {
  tenant: '',
  principal: 'p',
  accountId: 'a',
  envelopeId: 'e',
  subject: 's',
  documents: ['d.pdf'],
  status: 'sent',
  sentAt: 1000,
  updatedAt: 1000,
  recipients: [{ recipientId: '1', kind: 'signer', name: 'A', email: 'a@x', routingOrder: 1, status: 'sent', sentAt: 1000 }],
};

const update = fc.record({
  at: fc.integer({ min: 1000, max: 9000 }),
  status: fc.option(fc.constantFrom(...ENVELOPE_STATES), { nil: undefined }),
  recipient: fc.record({ id: fc.constantFrom('1', '2'), status: fc.constantFrom(...RECIPIENT_STATES) }),
  reason: fc.option(fc.constantFrom('r1', 'r2'), { nil: undefined }),
});

type Raw = { at: number; status: StatusUpdate['status']; recipient: { id: string; status: (typeof RECIPIENT_STATES)[number] }; reason: string | undefined };
const toUpdate = (u: Raw): StatusUpdate => ({
  accountId: 'a',
  envelopeId: 'e',
  at: u.at,
  ...(u.status !== undefined ? { status: u.status } : {}),
  times: u.status === undefined ? {} : { [`${u.status}At`]: u.at },
  recipients: [{ recipientId: u.recipient.id, status: u.recipient.status, ...(u.recipient.status === 'completed' ? { completedAt: u.at } : {}) }],
  ...(u.reason !== undefined && u.status === 'voided' ? { voidedReason: u.reason } : {}),
});

const fold = (updates: StatusUpdate[]) => {
  const { updatedAt: _u, ...rest } = updates.reduce((e, u) => mergeStatus(e, u, 0).envelope, start);
  return rest;
};

describe('mergeStatus', () => {
  test('order and repeats do not matter', () => {
    fc.assert(
      fc.property(fc.array(update, { maxLength: 8 }), fc.infiniteStream(fc.nat()), (raw, seeds) => {
        const updates = raw.map(toUpdate);
        const shuffled = [...updates, ...updates].sort(() => (seeds.next().value % 3) - 1);
        expect(fold(shuffled)).toEqual(fold(updates));
      }),
      { numRuns: 500 },
    );
  });

  test('completed never goes back to sent; a duplicate reports no change', () => {
    const done = mergeStatus(start, { accountId: 'a', envelopeId: 'e', at: 5000, status: 'completed', times: { completedAt: 5000 }, recipients: [] }, 6000);
    expect(done).toMatchObject({ changed: true, envelope: { status: 'completed', completedAt: 5000, updatedAt: 6000 } });
    const late = mergeStatus(done.envelope, { accountId: 'a', envelopeId: 'e', at: 1000, status: 'sent', times: { sentAt: 1000 }, recipients: [] }, 7000);
    expect(late).toMatchObject({ changed: false, envelope: { status: 'completed', updatedAt: 6000 } });
  });
});
