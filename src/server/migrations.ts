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
  {
    version: 3,
    name: 'organization member sessions and spent ID-token nonces',
    sql: `
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        sub TEXT NOT NULL,
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        groups TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
      ) STRICT;
      CREATE INDEX sessions_expiry ON sessions (expires_at);
      CREATE TABLE spent_nonces (
        key TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      ) STRICT;`,
  },
  {
    version: 4,
    name: 'admin: Monitor cursors, token generations and last seen base_uri per tenant (src/admin/sqlite-state.ts)',
    sql: `
      CREATE TABLE admin_cursors (
        tenant TEXT NOT NULL, stream TEXT NOT NULL, cursor TEXT NOT NULL, updated_at INTEGER NOT NULL,
        PRIMARY KEY (tenant, stream)
      ) STRICT;
      CREATE TABLE token_generations (tenant TEXT PRIMARY KEY, generation INTEGER NOT NULL) STRICT;
      CREATE TABLE base_uris (
        tenant TEXT NOT NULL, account_id TEXT NOT NULL, base_uri TEXT NOT NULL, PRIMARY KEY (tenant, account_id)
      ) STRICT;`,
  },
  {
    version: 5,
    name: 'envelope and recipient status from DocuSign Connect, per tenant; the Connect messages applied',
    sql: `
    CREATE TABLE envelope_status (
      tenant TEXT NOT NULL,
      principal TEXT NOT NULL,
      account_id TEXT NOT NULL,
      envelope_id TEXT NOT NULL PRIMARY KEY,
      subject TEXT NOT NULL,
      source_url TEXT,
      source_title TEXT,
      documents TEXT NOT NULL,
      status TEXT NOT NULL,
      sent_at INTEGER,
      delivered_at INTEGER,
      completed_at INTEGER,
      declined_at INTEGER,
      voided_at INTEGER,
      voided_reason TEXT,
      updated_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX envelope_status_owner ON envelope_status (tenant, principal, updated_at);
    CREATE INDEX envelope_status_source ON envelope_status (tenant, source_url, updated_at);
    CREATE TABLE recipient_status (
      envelope_id TEXT NOT NULL REFERENCES envelope_status (envelope_id) ON DELETE CASCADE,
      recipient_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('signer', 'carbonCopy')),
      name TEXT NOT NULL,
      email TEXT NOT NULL,
      routing_order INTEGER NOT NULL,
      status TEXT NOT NULL,
      sent_at INTEGER,
      delivered_at INTEGER,
      completed_at INTEGER,
      declined_at INTEGER,
      declined_reason TEXT,
      PRIMARY KEY (envelope_id, recipient_id)
    ) STRICT;
    CREATE TABLE connect_events (
      account_id TEXT NOT NULL,
      envelope_id TEXT NOT NULL,
      generated_at INTEGER NOT NULL,
      digest TEXT NOT NULL,
      received_at INTEGER NOT NULL,
      changed INTEGER NOT NULL,
      PRIMARY KEY (envelope_id, digest)
    ) STRICT;`,
  },
];
