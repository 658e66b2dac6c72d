import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { describeEachStore, type StoreBackend } from '../../test/support/postgres.ts';
import { MIGRATIONS } from './migrations.ts';
import { openStore } from './db/open.ts';
import type { Scope, Store } from './store.ts';

const u1: Scope = { tenant: '', principal: 'u1' };
const KEY = 'key-00000001';
const base = { scope: u1, key: KEY, requestHash: 'h1', newRequestId: 'r1', owner: 'A', now: 1000, leaseMs: 600_000 };
const TTL = 10_000;

function stores(backend: StoreBackend) {
  const opened: Store[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });
  return async (location?: string): Promise<Store> => {
    const store = openStore(location ?? (await backend.location()));
    opened.push(store);
    await store.ready();
    return store;
  };
}

describeEachStore('idempotency store', (backend) => {
  const open = stores(backend);

  test('first claim is new, a same-owner repeat resumes with the same request id, a done row replays', async () => {
    const store = await open();
    expect((await store.claim(base)).kind).toBe('new');
    expect(await store.claim({ ...base, newRequestId: 'r2' })).toMatchObject({ kind: 'resume', row: { requestId: 'r1' } });
    await store.complete(u1, KEY, 201, '{"envelopeId":"e1"}');
    expect(await store.claim({ ...base, newRequestId: 'r3' })).toMatchObject({ kind: 'replay', row: { status: 201, response: '{"envelopeId":"e1"}' } });
  });

  test('a different request under the same key is a conflict, even after completion', async () => {
    const store = await open();
    await store.claim(base);
    expect((await store.claim({ ...base, requestHash: 'h2' })).kind).toBe('conflict');
    await store.complete(u1, KEY, 201, '{}');
    expect((await store.claim({ ...base, requestHash: 'h2' })).kind).toBe('conflict');
  });

  test('keys are per principal and per tenant', async () => {
    const store = await open();
    await store.claim(base);
    expect((await store.claim({ ...base, scope: { tenant: '', principal: 'u2' }, requestHash: 'other' })).kind).toBe('new');
    expect((await store.claim({ ...base, scope: { tenant: 'adams', principal: 'u1' }, requestHash: 'other' })).kind).toBe('new');
  });

  test('a live owner keeps its claim; a dead owner’s is taken over at once; an unknown one by anyone', async () => {
    const store = await open();
    await store.heartbeat('A', 1000, TTL);
    await store.claim(base);
    expect(await store.claim({ ...base, owner: 'B', now: 2000 })).toMatchObject({ kind: 'in_progress', until: 1000 + TTL });
    // A stops beating: once its heartbeat has run out, B takes over with the same request id.
    expect(await store.claim({ ...base, owner: 'B', now: 1000 + TTL + 1 })).toMatchObject({
      kind: 'resume',
      takeover: 'owner_dead',
      row: { requestId: 'r1', owner: 'B' },
    });
    await store.markUnknown(u1, KEY, 'B');
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
    expect(await store.renew(u1, KEY, 'A', 1500, 600_000)).toBe(true);
    await store.claim({ ...base, owner: 'B', now: 2000 });
    expect(await store.renew(u1, KEY, 'A', 2500, 600_000)).toBe(false);
    await store.forget(u1, KEY, 'A');
    await store.markUnknown(u1, KEY, 'A');
    expect(await store.claim({ ...base, owner: 'C', now: 2600 })).toMatchObject({ kind: 'resume', row: { owner: 'C' } });
  });

  test('forget drops an unfinished key but never a finished one; the first answer stays', async () => {
    const store = await open();
    await store.claim(base);
    await store.forget(u1, KEY, 'A');
    expect(await store.claim({ ...base, newRequestId: 'r9' })).toMatchObject({ kind: 'new', row: { requestId: 'r9' } });
    await store.complete(u1, KEY, 201, '{"envelopeId":"e1"}');
    await store.complete(u1, KEY, 201, '{"envelopeId":"e2"}');
    await store.forget(u1, KEY, 'A');
    expect(await store.claim(base)).toMatchObject({ kind: 'replay', row: { response: '{"envelopeId":"e1"}' } });
  });

  test('two instances racing for 50 dead claims: each is taken over exactly once', async () => {
    const location = await backend.location();
    const [one, two] = [await open(location), await open(location)];
    const keys = Array.from({ length: 50 }, (_, i) => `key-race-${String(i).padStart(4, '0')}`);
    for (const key of keys) await one.claim({ ...base, key, owner: 'dead' });
    await one.heartbeat('B', 5000, TTL);
    await two.heartbeat('C', 5000, TTL);
    const results = await Promise.all(keys.flatMap((key) => [one.claim({ ...base, key, owner: 'B', now: 5000 }), two.claim({ ...base, key, owner: 'C', now: 5000 })]));
    // The loser of each race sees the winner's live claim.
    const kinds = results.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'resume')).toHaveLength(50);
    expect(kinds.filter((k) => k === 'in_progress')).toHaveLength(50);
  });

  test('a nonce is spent once until it expires; sessions are kept, read and revoked', async () => {
    const store = await open();
    const spent = await Promise.all([store.spendNonce('n1', 5000, 1000), store.spendNonce('n1', 5000, 1000)]);
    expect(spent.sort()).toEqual([false, true]);
    expect(await store.spendNonce('n1', 9000, 5001)).toBe(true);
    const row = { idHash: 'h', tenant: 'adams', sub: 's', email: 'e@x.io', name: 'N', groups: ['g'], createdAt: 1, expiresAt: 10, revokedAt: null };
    await store.createSession(row);
    expect(await store.getSession('h')).toEqual(row);
    await store.revokeSession('h', 7);
    expect((await store.getSession('h'))?.revokedAt).toBe(7);
  });

  test('an envelope is found only within the tenant that created it', async () => {
    const store = await open();
    await store.saveEnvelope({ tenant: 'adams', principal: 'm1', accountId: 'a', envelopeId: 'e1', requestId: 'r1', captiveSigners: [], createdAt: 5 });
    expect((await store.getEnvelope('adams', 'a', 'e1'))?.principal).toBe('m1');
    expect(await store.getEnvelope('northwind', 'a', 'e1')).toBeUndefined();
    expect(await store.getEnvelope('', 'a', 'e1')).toBeUndefined();
  });

  test('survives a reopen of the same database', async () => {
    const location = await backend.location();
    const first = await open(location);
    await first.claim(base);
    await first.complete(u1, KEY, 201, '{"envelopeId":"e1"}');
    await first.saveEnvelope({ ...u1, accountId: 'a', envelopeId: 'e1', requestId: 'r1', captiveSigners: [{ recipientId: '1', name: 'N', email: 'n@x.io', clientUserId: 'c' }], createdAt: 5 });
    await first.close();
    const second = await open(location);
    expect(await second.claim(base)).toMatchObject({ kind: 'replay', row: { status: 201 } });
    expect((await second.getEnvelope('', 'a', 'e1'))?.captiveSigners[0]?.clientUserId).toBe('c');
    expect(await second.getEnvelope('', 'a', 'e2')).toBeUndefined();
    expect(await second.ping()).toBe(true);
  });
});

describe('SQLite files from before', () => {
  const open = stores({ name: 'SQLite', location: () => Promise.reject(new Error('pass a path')) });

  test('a file written before migrations existed is adopted: its rows belong to the linked-login tenant', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
    try {
      const path = join(dir, 'old.sqlite');
      const old = new Database(path);
      // The schema as the server created it before versioned migrations.
      old.exec(`
        CREATE TABLE idempotency (user_sub TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, request_id TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'unknown', 'done')), status INTEGER, response TEXT,
          created_at INTEGER NOT NULL, lease_until INTEGER NOT NULL, owner TEXT NOT NULL, PRIMARY KEY (user_sub, key)) STRICT;
        CREATE TABLE envelopes (account_id TEXT NOT NULL, envelope_id TEXT NOT NULL, user_sub TEXT NOT NULL, request_id TEXT NOT NULL,
          captive_signers TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (account_id, envelope_id)) STRICT;`);
      old.prepare(
        `INSERT INTO idempotency (user_sub, key, request_hash, request_id, state, status, response, created_at, lease_until, owner)
         VALUES ('u1', 'key-00000001', 'h1', 'r1', 'done', 201, '{"envelopeId":"e1"}', 1, 0, 'A')`,
      ).run();
      old.prepare(`INSERT INTO envelopes VALUES ('a', 'e1', 'u1', 'r1', '[]', 5)`).run();
      old.close();
      const store = await open(path);
      expect(await store.claim(base)).toMatchObject({ kind: 'replay', row: { tenant: '', principal: 'u1', status: 201 } });
      expect((await store.getEnvelope('', 'a', 'e1'))?.principal).toBe('u1');
      await store.close();
      const check = new Database(path, { readonly: true });
      const versions = check.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
      check.close();
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
