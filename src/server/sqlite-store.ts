/**
 * The store on SQLite (better-sqlite3). Its calls are synchronous underneath: a check-and-insert runs
 * in one IMMEDIATE transaction, so neither two requests in this process nor two processes on one file
 * can both claim a key. The Promise-returning surface is the `Store` interface's.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.ts';
import type { CaptiveSigner, ClaimInput, ClaimResult, EnvelopeRow, IdempotencyRow, IdempotencyState, Store } from './store.ts';

interface RawIdempotencyRow {
  tenant: string;
  principal: string;
  key: string;
  request_hash: string;
  request_id: string;
  state: IdempotencyState;
  status: number | null;
  response: string | null;
  created_at: number;
  lease_until: number;
  owner: string;
}

interface RawEnvelopeRow {
  tenant: string;
  account_id: string;
  envelope_id: string;
  principal: string;
  request_id: string;
  captive_signers: string;
  created_at: number;
}

const toRow = (raw: RawIdempotencyRow): IdempotencyRow => ({
  tenant: raw.tenant,
  principal: raw.principal,
  key: raw.key,
  requestHash: raw.request_hash,
  requestId: raw.request_id,
  state: raw.state,
  status: raw.status,
  response: raw.response,
  createdAt: raw.created_at,
  leaseUntil: raw.lease_until,
  owner: raw.owner,
});

/** Applies the migrations this file lacks, each in its own transaction; returns the schema version. */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const run = db.transaction((migration: (typeof MIGRATIONS)[number]) => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    if (applied.all().some((row) => row.version === migration.version)) return;
    db.exec(migration.sql);
    record.run(migration.version, migration.name, Date.now());
  });
  for (const migration of MIGRATIONS) run.immediate(migration);
  return Math.max(0, ...applied.all().map((row) => row.version));
}

/** Opens (creating and migrating if needed) the store at `path`; `:memory:` for tests. */
export function openStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const select = db.prepare<[string, string, string], RawIdempotencyRow>(
    'SELECT * FROM idempotency WHERE tenant = ? AND principal = ? AND key = ?',
  );
  const insert = db.prepare(
    `INSERT INTO idempotency (tenant, principal, key, request_hash, request_id, state, created_at, lease_until, owner)
     VALUES (@tenant, @principal, @key, @requestHash, @requestId, 'pending', @now, @leaseUntil, @owner)`,
  );
  const takeLease = db.prepare(
    `UPDATE idempotency SET state = 'pending', lease_until = @leaseUntil, owner = @owner
     WHERE tenant = @tenant AND principal = @principal AND key = @key`,
  );
  const complete = db.prepare(
    "UPDATE idempotency SET state = 'done', status = ?, response = ?, lease_until = 0 WHERE tenant = ? AND principal = ? AND key = ?",
  );
  const markUnknown = db.prepare(
    "UPDATE idempotency SET state = 'unknown', lease_until = 0 WHERE tenant = ? AND principal = ? AND key = ? AND state != 'done'",
  );
  const forget = db.prepare("DELETE FROM idempotency WHERE tenant = ? AND principal = ? AND key = ? AND state != 'done'");
  const saveEnvelope = db.prepare(
    `INSERT OR REPLACE INTO envelopes (tenant, account_id, envelope_id, principal, request_id, captive_signers, created_at)
     VALUES (@tenant, @accountId, @envelopeId, @principal, @requestId, @captiveSigners, @createdAt)`,
  );
  const getEnvelope = db.prepare<[string, string, string], RawEnvelopeRow>(
    'SELECT * FROM envelopes WHERE tenant = ? AND account_id = ? AND envelope_id = ?',
  );

  const claim = db.transaction((input: ClaimInput): ClaimResult => {
    const { tenant, principal } = input.scope;
    const existing = select.get(tenant, principal, input.key);
    const leaseUntil = input.now + input.leaseMs;
    if (existing === undefined) {
      insert.run({ tenant, principal, key: input.key, requestHash: input.requestHash, requestId: input.newRequestId, now: input.now, leaseUntil, owner: input.owner });
      const row = select.get(tenant, principal, input.key);
      if (row === undefined) throw new Error('idempotency row vanished after insert');
      return { kind: 'new', row: toRow(row) };
    }
    const row = toRow(existing);
    if (row.requestHash !== input.requestHash) return { kind: 'conflict', row };
    if (row.state === 'done') return { kind: 'replay', row };
    if (row.state === 'pending' && row.leaseUntil > input.now && row.owner !== input.owner) return { kind: 'in_progress', row };
    takeLease.run({ tenant, principal, key: input.key, leaseUntil, owner: input.owner });
    return { kind: 'resume', row: { ...row, state: 'pending', leaseUntil, owner: input.owner } };
  });

  /** Runs a synchronous statement as a settled Promise (a throw becomes a rejection). */
  const settle = <T>(run: () => T): Promise<T> => {
    try {
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  return {
    // IMMEDIATE: take the write lock before reading, so two processes on one file cannot both insert.
    claim: (input) => settle(() => claim.immediate(input)),
    complete: (s, key, status, response) => settle(() => void complete.run(status, response, s.tenant, s.principal, key)),
    markUnknown: (s, key) => settle(() => void markUnknown.run(s.tenant, s.principal, key)),
    forget: (s, key) => settle(() => void forget.run(s.tenant, s.principal, key)),
    saveEnvelope: (row) =>
      settle(() => void saveEnvelope.run({
        tenant: row.tenant,
        accountId: row.accountId,
        envelopeId: row.envelopeId,
        principal: row.principal,
        requestId: row.requestId,
        captiveSigners: JSON.stringify(row.captiveSigners),
        createdAt: row.createdAt,
      })),
    getEnvelope: (tenant, accountId, envelopeId) => settle((): EnvelopeRow | undefined => {
      const raw = getEnvelope.get(tenant, accountId, envelopeId);
      if (raw === undefined) return undefined;
      return {
        tenant: raw.tenant,
        accountId: raw.account_id,
        envelopeId: raw.envelope_id,
        principal: raw.principal,
        requestId: raw.request_id,
        captiveSigners: JSON.parse(raw.captive_signers) as CaptiveSigner[],
        createdAt: raw.created_at,
      };
    }),
    close: () => settle(() => void db.close()),
  };
}
