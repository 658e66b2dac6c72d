import { afterEach, expect, test } from 'vitest';
import { describeEachStore } from '../../../test/support/postgres.ts';
import { openSqlStore, type SqlStore } from './open.ts';

const ref = { tenant: 't1', userSub: 'u1', key: 'key-00000001' };
const base = { ...ref, requestHash: 'h1', newRequestId: 'r1', owner: 'A', now: 1000, leaseMs: 600_000 };
const TTL = 10_000;

describeEachStore('idempotency store', (backend) => {
  const opened: SqlStore[] = [];
  const open = async (location?: string) => {
    const store = await openSqlStore(location ?? (await backend.location()));
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });

  test('first claim is new, a same-owner repeat resumes with the same request id, a done row replays', async () => {
    const store = await open();
    expect((await store.claim(base)).kind).toBe('new');
    expect(await store.claim({ ...base, newRequestId: 'r2' })).toMatchObject({ kind: 'resume', row: { requestId: 'r1' } });
    await store.complete(ref, 201, '{"envelopeId":"e1"}');
    expect(await store.claim({ ...base, newRequestId: 'r3' })).toMatchObject({ kind: 'replay', row: { status: 201, response: '{"envelopeId":"e1"}' } });
  });

  test('a different request under the same key is a conflict, even after completion', async () => {
    const store = await open();
    await store.claim(base);
    expect((await store.claim({ ...base, requestHash: 'h2' })).kind).toBe('conflict');
    await store.complete(ref, 201, '{}');
    expect((await store.claim({ ...base, requestHash: 'h2' })).kind).toBe('conflict');
  });

  test('keys are per tenant and per user', async () => {
    const store = await open();
    await store.claim(base);
    expect((await store.claim({ ...base, userSub: 'u2', requestHash: 'other' })).kind).toBe('new');
    expect((await store.claim({ ...base, tenant: 't2', requestHash: 'other' })).kind).toBe('new');
  });

  test('a live owner keeps its claim; a dead owner’s claim is taken over at once, an unknown one by anyone', async () => {
    const store = await open();
    await store.heartbeat('A', 1000, TTL);
    await store.claim(base);
    expect(await store.claim({ ...base, owner: 'B', now: 2000 })).toMatchObject({ kind: 'in_progress', until: 1000 + TTL });
    // A stops beating: from its heartbeat's end on, B takes over with the same request id.
    expect(await store.claim({ ...base, owner: 'B', now: 1000 + TTL + 1 })).toMatchObject({
      kind: 'resume',
      takeover: 'owner_dead',
      row: { requestId: 'r1', owner: 'B' },
    });
    await store.markUnknown(ref, 'B');
    expect(await store.claim({ ...base, owner: 'C', now: 1000 })).toMatchObject({ kind: 'resume', row: { requestId: 'r1' } });
  });

  test('a live owner stuck past its lease is taken over too', async () => {
    const store = await open();
    await store.heartbeat('A', 1000, 10 * 600_000);
    await store.claim(base);
    expect(await store.claim({ ...base, owner: 'B', now: 1000 + 600_001 })).toMatchObject({ kind: 'resume', takeover: 'lease_expired' });
  });

  test('a retired instance’s claims are free at once', async () => {
    const store = await open();
    await store.heartbeat('A', 1000, TTL);
    await store.claim(base);
    await store.retire('A');
    expect(await store.claim({ ...base, owner: 'B', now: 1001 })).toMatchObject({ kind: 'resume', takeover: 'owner_dead' });
  });

  test('after a takeover the old owner can neither renew nor release the claim', async () => {
    const store = await open();
    await store.claim(base);
    expect(await store.renew(ref, 'A', 1500, 600_000)).toBe(true);
    await store.claim({ ...base, owner: 'B', now: 2000 });
    expect(await store.renew(ref, 'A', 2500, 600_000)).toBe(false);
    await store.forget(ref, 'A');
    await store.markUnknown(ref, 'A');
    expect(await store.claim({ ...base, owner: 'C', now: 2600 })).toMatchObject({ kind: 'resume', row: { owner: 'C' } });
  });

  test('forget drops an unfinished key but never a finished one; the first answer stays', async () => {
    const store = await open();
    await store.claim(base);
    await store.forget(ref, 'A');
    expect(await store.claim({ ...base, newRequestId: 'r9' })).toMatchObject({ kind: 'new', row: { requestId: 'r9' } });
    await store.complete(ref, 201, '{"envelopeId":"e1"}');
    await store.complete(ref, 201, '{"envelopeId":"e2"}');
    await store.forget(ref, 'A');
    expect(await store.claim(base)).toMatchObject({ kind: 'replay', row: { response: '{"envelopeId":"e1"}' } });
  });

  test('two instances racing for 50 dead claims: each claim is taken over exactly once', async () => {
    const location = await backend.location();
    const [one, two] = [await open(location), await open(location)];
    const keys = Array.from({ length: 50 }, (_, i) => ({ ...ref, key: `key-race-${String(i).padStart(4, '0')}` }));
    for (const k of keys) await one.claim({ ...base, ...k, owner: 'dead' });
    await one.heartbeat('B', 5000, TTL);
    await two.heartbeat('C', 5000, TTL);
    const results = await Promise.all(keys.flatMap((k) => [one.claim({ ...base, ...k, owner: 'B', now: 5000 }), two.claim({ ...base, ...k, owner: 'C', now: 5000 })]));
    // The loser of each race sees the winner's live claim.
    const kinds = results.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'resume')).toHaveLength(50);
    expect(kinds.filter((k) => k === 'in_progress')).toHaveLength(50);
  });

  test('envelopes survive a reopen of the same database', async () => {
    const location = await backend.location();
    const first = await open(location);
    await first.saveEnvelope({ tenant: 't1', accountId: 'a', envelopeId: 'e1', userSub: 'u1', requestId: 'r1', captiveSigners: [{ recipientId: '1', name: 'N', email: 'n@x.io', clientUserId: 'c' }], createdAt: 5 });
    await first.claim(base);
    await first.complete(ref, 201, '{"envelopeId":"e1"}');
    const second = await open(location);
    expect(await second.claim(base)).toMatchObject({ kind: 'replay', row: { status: 201 } });
    expect((await second.getEnvelope('t1', 'a', 'e1'))?.captiveSigners[0]?.clientUserId).toBe('c');
    expect(await second.getEnvelope('t2', 'a', 'e1')).toBeUndefined();
    expect(await second.ping()).toBe(true);
  });
});
