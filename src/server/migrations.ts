/**
 * Versioned schema of the SQLite store. Each migration runs once, in order, in its own transaction, and
 * is recorded in `schema_migrations`; a migration never changes once shipped (add a new one instead).
 * Version 1 is the schema from before migrations existed, written so that it also adopts such a file.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency and envelopes per DocuSign user',
    sql: `
      CREATE TABLE IF NOT EXISTS idempotency (
        user_sub TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        request_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'unknown', 'done')),
        status INTEGER,
        response TEXT,
        created_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL,
        owner TEXT NOT NULL,
        PRIMARY KEY (user_sub, key)
      ) STRICT;
      CREATE TABLE IF NOT EXISTS envelopes (
        account_id TEXT NOT NULL,
        envelope_id TEXT NOT NULL,
        user_sub TEXT NOT NULL,
        request_id TEXT NOT NULL,
        captive_signers TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, envelope_id)
      ) STRICT;`,
  },
  {
    version: 2,
    name: 'everything keyed by tenant; existing rows belong to the linked-login tenant',
    sql: `
      CREATE TABLE idempotency_v2 (
        tenant TEXT NOT NULL,
        principal TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        request_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'unknown', 'done')),
        status INTEGER,
        response TEXT,
        created_at INTEGER NOT NULL,
        lease_until INTEGER NOT NULL,
        owner TEXT NOT NULL,
        PRIMARY KEY (tenant, principal, key)
      ) STRICT;
      INSERT INTO idempotency_v2
        SELECT '', user_sub, key, request_hash, request_id, state, status, response, created_at, lease_until, owner
        FROM idempotency;
      DROP TABLE idempotency;
      ALTER TABLE idempotency_v2 RENAME TO idempotency;
      ALTER TABLE envelopes RENAME COLUMN user_sub TO principal;
      ALTER TABLE envelopes ADD COLUMN tenant TEXT NOT NULL DEFAULT '';`,
  },
];
