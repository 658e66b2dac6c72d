import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { MIGRATIONS } from './migrations.ts';
import { openStore } from './sqlite-store.ts';
import type { Scope, Store } from './store.ts';

const u1: Scope = { tenant: '', principal: 'u1' };
const base = { scope: u1, key: 'key-00000001', requestHash: 'h1', newRequestId: 'r1', owner: 'A', now: 1000, leaseMs: 60_000 };

function tempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('idempotency store', () => {
  const opened: Store[] = [];
  const open = (path = ':memory:') => {
    const store = openStore(path);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });

  test('first claim is new, a same-owner repeat resumes with the same request id, a done row replays', async () => {
    const store = open();
    expect((await store.claim(base)).kind).toBe('new');
    const again = await store.claim({ ...base, newRequestId: 'r2' });
    expect(again).toMatchObject({ kind: 'resume', row: { requestId: 'r1' } });
    await store.complete(u1, base.key, 201, '{"envelopeId":"e1"}');
    expect(await store.claim({ ...base, newRequestId: 'r3' })).toMatchObject({ kind: 'replay', row: { status: 201, response: '{"envelopeId":"e1"}' } });
  });

  test('a different request under the same key is a conflict, even after completion', async () => {
    const store = open();
    await store.claim(base);
    expect((await store.claim({ ...base, requestHash: 'h2' })).kind).toBe('conflict');
    await store.complete(u1, base.key, 201, '{}');
    expect((await store.claim({ ...base, requestHash: 'h2' })).kind).toBe('conflict');
  });

  test('keys are per principal and per tenant', async () => {
    const store = open();
    await store.claim(base);
    expect((await store.claim({ ...base, scope: { tenant: '', principal: 'u2' }, requestHash: 'other' })).kind).toBe('new');
    expect((await store.claim({ ...base, scope: { tenant: 'adams', principal: 'u1' }, requestHash: 'other' })).kind).toBe('new');
  });

  test('another owner waits for a live lease and resumes an expired or unknown one', async () => {
    const store = open();
    await store.claim(base);
    expect((await store.claim({ ...base, owner: 'B', now: 2000 })).kind).toBe('in_progress');
    expect(await store.claim({ ...base, owner: 'B', now: 1000 + 60_001 })).toMatchObject({ kind: 'resume', row: { requestId: 'r1', owner: 'B' } });
    await store.markUnknown(u1, base.key);
    expect(await store.claim({ ...base, owner: 'C', now: 1000 })).toMatchObject({ kind: 'resume', row: { requestId: 'r1' } });
  });

  test('forget drops an unfinished key but never a finished one', async () => {
    const store = open();
    await store.claim(base);
    await store.forget(u1, base.key);
    expect(await store.claim({ ...base, newRequestId: 'r9' })).toMatchObject({ kind: 'new', row: { requestId: 'r9' } });
    await store.complete(u1, base.key, 201, '{}');
    await store.forget(u1, base.key);
    expect((await store.claim(base)).kind).toBe('replay');
  });

  test('an envelope is found only within the tenant that created it', async () => {
    const store = open();
    await store.saveEnvelope({ tenant: 'adams', principal: 'm1', accountId: 'a', envelopeId: 'e1', requestId: 'r1', captiveSigners: [], createdAt: 5 });
    expect((await store.getEnvelope('adams', 'a', 'e1'))?.principal).toBe('m1');
    expect(await store.getEnvelope('northwind', 'a', 'e1')).toBeUndefined();
    expect(await store.getEnvelope('', 'a', 'e1')).toBeUndefined();
  });

  test('survives a reopen of the same file', () =>
    tempDir(async (dir) => {
      const path = join(dir, 'nested', 'db.sqlite');
      const first = openStore(path);
      await first.claim(base);
      await first.complete(u1, base.key, 201, '{"envelopeId":"e1"}');
      await first.saveEnvelope({ ...u1, accountId: 'a', envelopeId: 'e1', requestId: 'r1', captiveSigners: [{ recipientId: '1', name: 'N', email: 'n@x.io', clientUserId: 'c' }], createdAt: 5 });
      await first.close();
      const second = open(path);
      expect(await second.claim(base)).toMatchObject({ kind: 'replay', row: { status: 201 } });
      expect((await second.getEnvelope('', 'a', 'e1'))?.captiveSigners[0]?.clientUserId).toBe('c');
      expect(await second.getEnvelope('', 'a', 'e2')).toBeUndefined();
    }));

  test('migrates a file written before migrations existed: its rows belong to the linked-login tenant', () =>
    tempDir(async (dir) => {
      const path = join(dir, 'old.sqlite');
      const old = new Database(path);
      old.exec(MIGRATIONS[0]?.sql ?? '');
      old.prepare(
        `INSERT INTO idempotency (user_sub, key, request_hash, request_id, state, status, response, created_at, lease_until, owner)
         VALUES ('u1', 'key-00000001', 'h1', 'r1', 'done', 201, '{"envelopeId":"e1"}', 1, 0, 'A')`,
      ).run();
      old.prepare(`INSERT INTO envelopes VALUES ('a', 'e1', 'u1', 'r1', '[]', 5)`).run();
      old.close();
      const store = open(path);
      expect(await store.claim(base)).toMatchObject({ kind: 'replay', row: { tenant: '', principal: 'u1', status: 201 } });
      expect((await store.getEnvelope('', 'a', 'e1'))?.principal).toBe('u1');
      const check = new Database(path, { readonly: true });
      const versions = check.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
      check.close();
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    }));
});
