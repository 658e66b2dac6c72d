/**
 * The store's schema history, oldest first, for SQLite and PostgreSQL alike. Append a migration to
 * change the schema; never edit or reorder one that has shipped (a database records the versions it ran
 * in `schema_migrations` and refuses a version this server does not know). Each runs once, in its own
 * transaction, under the migration lock (`db/migrate.ts`).
 *
 * Write migrations with Kysely's schema builder so one definition serves both databases; `t` gives the
 * column types that differ (SQLite's STRICT tables know INTEGER, PostgreSQL needs BIGINT for epoch ms).
 * Version 1 is the schema from before migrations existed, written so that it also adopts such a file.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { ADMIN_SESSIONS_MIGRATION } from './db/admin-sessions-migration.ts';
import { ADMIN_SIGN_INS_MIGRATION } from './db/admin-sign-ins-migration.ts';
import type { DialectName } from './db/connect.ts';
import { strict, types, type Migration } from './db/migration-kit.ts';

export { strict, types, type Migration };

function idempotencyTable(db: Kysely<unknown>, dialect: DialectName, name: string, who: 'user_sub' | 'principal') {
  const { int64 } = types(dialect);
  let table: CreateTableBuilder<string, string> = db.schema.createTable(name).ifNotExists();
  if (who === 'principal') table = table.addColumn('tenant', 'text', (c) => c.notNull());
  table = table
    .addColumn(who, 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('pending', 'unknown', 'done')`))
    .addColumn('status', 'integer')
    .addColumn('response', 'text')
    .addColumn('created_at', int64, (c) => c.notNull())
    .addColumn('lease_until', int64, (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, who === 'principal' ? ['tenant', 'principal', 'key'] : ['user_sub', 'key']);
  return strict(table, dialect);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency and envelopes per DocuSign user',
    async up(db, dialect) {
      await idempotencyTable(db, dialect, 'idempotency', 'user_sub').execute();
      const envelopes = db.schema
        .createTable('envelopes')
        .ifNotExists()
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('envelope_id', 'text', (c) => c.notNull())
        .addColumn('user_sub', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('captive_signers', 'text', (c) => c.notNull())
        .addColumn('created_at', types(dialect).int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('envelopes_pk', ['account_id', 'envelope_id']);
      await strict(envelopes, dialect).execute();
    },
  },
  {
    version: 2,
    name: 'everything keyed by tenant; existing rows belong to the linked-login tenant',
    async up(db, dialect) {
      await idempotencyTable(db, dialect, 'idempotency_v2', 'principal').execute();
      await sql`INSERT INTO idempotency_v2
        SELECT '', user_sub, key, request_hash, request_id, state, status, response, created_at, lease_until, owner
        FROM idempotency`.execute(db);
      await db.schema.dropTable('idempotency').execute();
      await db.schema.alterTable('idempotency_v2').renameTo('idempotency').execute();
      await db.schema.alterTable('envelopes').renameColumn('user_sub', 'principal').execute();
      await db.schema.alterTable('envelopes').addColumn('tenant', 'text', (c) => c.notNull().defaultTo('')).execute();
    },
  },
  {
    version: 3,
    name: 'organization member sessions and spent ID-token nonces',
    async up(db, dialect) {
      const { int64 } = types(dialect);
      const sessions = db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('sub', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('groups', 'text', (c) => c.notNull())
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('expires_at', int64, (c) => c.notNull())
        .addColumn('revoked_at', int64);
      await strict(sessions, dialect).execute();
      await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
      const nonces = db.schema
        .createTable('spent_nonces')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', int64, (c) => c.notNull());
      await strict(nonces, dialect).execute();
    },
  },
  {
    version: 4,
    name: 'instance heartbeats: a claim lives as long as its owner',
    async up(db, dialect) {
      const { int64 } = types(dialect);
      const table = db.schema
        .createTable('instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', int64, (c) => c.notNull())
        .addColumn('alive_until', int64, (c) => c.notNull());
      await strict(table, dialect).execute();
    },
  },
  {
    // Migration 4 on main before the Kysely store; renumbered after `instances` so the list stays append-only.
    version: 5,
    name: 'admin: Monitor cursors, token generations and last seen base_uri per tenant (db/admin-state.ts)',
    async up(db, dialect) {
      const { int64 } = types(dialect);
      const cursors = db.schema
        .createTable('admin_cursors')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('cursor', 'text', (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('admin_cursors_pk', ['tenant', 'stream']);
      await strict(cursors, dialect).execute();
      const generations = db.schema
        .createTable('token_generations')
        .addColumn('tenant', 'text', (c) => c.primaryKey())
        .addColumn('generation', 'integer', (c) => c.notNull());
      await strict(generations, dialect).execute();
      const baseUris = db.schema
        .createTable('base_uris')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('base_uri', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('base_uris_pk', ['tenant', 'account_id']);
      await strict(baseUris, dialect).execute();
    },
  },
  {
    // Migration 5 on the connect branch before the Kysely store; renumbered after admin (5).
    version: 6,
    name: 'envelope and recipient status from DocuSign Connect, per tenant; the Connect messages applied',
    async up(db, dialect) {
      const { int64 } = types(dialect);
      const envelopes = db.schema
        .createTable('envelope_status')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('principal', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('envelope_id', 'text', (c) => c.notNull().primaryKey())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('source_url', 'text')
        .addColumn('source_title', 'text')
        .addColumn('documents', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sent_at', int64)
        .addColumn('delivered_at', int64)
        .addColumn('completed_at', int64)
        .addColumn('declined_at', int64)
        .addColumn('voided_at', int64)
        .addColumn('voided_reason', 'text')
        .addColumn('updated_at', int64, (c) => c.notNull());
      await strict(envelopes, dialect).execute();
      await db.schema.createIndex('envelope_status_owner').on('envelope_status').columns(['tenant', 'principal', 'updated_at']).execute();
      await db.schema.createIndex('envelope_status_source').on('envelope_status').columns(['tenant', 'source_url', 'updated_at']).execute();
      const recipients = db.schema
        .createTable('recipient_status')
        .addColumn('envelope_id', 'text', (c) => c.notNull().references('envelope_status.envelope_id').onDelete('cascade'))
        .addColumn('recipient_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('signer', 'carbonCopy')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('routing_order', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sent_at', int64)
        .addColumn('delivered_at', int64)
        .addColumn('completed_at', int64)
        .addColumn('declined_at', int64)
        .addColumn('declined_reason', 'text')
        .addPrimaryKeyConstraint('recipient_status_pk', ['envelope_id', 'recipient_id']);
      await strict(recipients, dialect).execute();
      const events = db.schema
        .createTable('connect_events')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('envelope_id', 'text', (c) => c.notNull())
        .addColumn('generated_at', int64, (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('received_at', int64, (c) => c.notNull())
        .addColumn('changed', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('connect_events_pk', ['envelope_id', 'digest']);
      await strict(events, dialect).execute();
    },
  },
  ADMIN_SESSIONS_MIGRATION,
  ADMIN_SIGN_INS_MIGRATION,
];
