import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openStore, type Store } from './store.ts';

const base = { userSub: 'u1', key: 'key-00000001', requestHash: 'h1', newRequestId: 'r1', owner: 'A', now: 1000, leaseMs: 60_000 };

describe('idempotency store', () => {
  const opened: Store[] = [];
  const open = (path = ':memory:') => {
    const store = openStore(path);
    opened.push(store);
    return store;
  };
  afterEach(() => {
    while (opened.length > 0) opened.pop()?.close();
  });

  test('first claim is new, a same-owner repeat resumes with the same request id, a done row replays', () => {
    const store = open();
    expect(store.claim(base).kind).toBe('new');
    const again = store.claim({ ...base, newRequestId: 'r2' });
    expect(again).toMatchObject({ kind: 'resume', row: { requestId: 'r1' } });
    store.complete('u1', base.key, 201, '{"envelopeId":"e1"}');
    expect(store.claim({ ...base, newRequestId: 'r3' })).toMatchObject({ kind: 'replay', row: { status: 201, response: '{"envelopeId":"e1"}' } });
  });

  test('a different request under the same key is a conflict, even after completion', () => {
    const store = open();
    store.claim(base);
    expect(store.claim({ ...base, requestHash: 'h2' }).kind).toBe('conflict');
    store.complete('u1', base.key, 201, '{}');
    expect(store.claim({ ...base, requestHash: 'h2' }).kind).toBe('conflict');
  });

  test('keys are per user', () => {
    const store = open();
    store.claim(base);
    expect(store.claim({ ...base, userSub: 'u2', requestHash: 'other' }).kind).toBe('new');
  });

  test('another owner waits for a live lease and resumes an expired or unknown one', () => {
    const store = open();
    store.claim(base);
    expect(store.claim({ ...base, owner: 'B', now: 2000 }).kind).toBe('in_progress');
    expect(store.claim({ ...base, owner: 'B', now: 1000 + 60_001 })).toMatchObject({ kind: 'resume', row: { requestId: 'r1', owner: 'B' } });
    store.markUnknown('u1', base.key);
    expect(store.claim({ ...base, owner: 'C', now: 1000 })).toMatchObject({ kind: 'resume', row: { requestId: 'r1' } });
  });

  test('forget drops an unfinished key but never a finished one', () => {
    const store = open();
    store.claim(base);
    store.forget('u1', base.key);
    expect(store.claim({ ...base, newRequestId: 'r9' })).toMatchObject({ kind: 'new', row: { requestId: 'r9' } });
    store.complete('u1', base.key, 201, '{}');
    store.forget('u1', base.key);
    expect(store.claim(base).kind).toBe('replay');
  });

  test('survives a reopen of the same file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
    try {
      const path = join(dir, 'nested', 'db.sqlite');
      const first = openStore(path);
      first.claim(base);
      first.complete('u1', base.key, 201, '{"envelopeId":"e1"}');
      first.saveEnvelope({ accountId: 'a', envelopeId: 'e1', userSub: 'u1', requestId: 'r1', captiveSigners: [{ recipientId: '1', name: 'N', email: 'n@x.io', clientUserId: 'c' }], createdAt: 5 });
      first.close();
      const second = open(path);
      expect(second.claim(base)).toMatchObject({ kind: 'replay', row: { status: 201 } });
      expect(second.getEnvelope('a', 'e1')?.captiveSigners[0]?.clientUserId).toBe('c');
      expect(second.getEnvelope('a', 'e2')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
