/**
 * The schema's history, oldest first. Append a migration to change the schema; never edit or reorder
 * one that has shipped (a database records the versions it ran and refuses an unknown one).
 * Migrations use Kysely's schema builder so one definition serves SQLite and PostgreSQL; `dialect`
 * is there for the rare statement that differs.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, dialect: DialectName): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency, envelopes and instances',
    async up(db) {
      await db.schema
        .createTable('idempotency')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('user_sub', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending', 'unknown', 'done')`))
        .addColumn('status', 'integer')
        .addColumn('response', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_until', 'bigint', (c) => c.notNull())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_pk', ['tenant', 'user_sub', 'key'])
        .execute();
      await db.schema
        .createTable('envelopes')
        .addColumn('tenant', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('envelope_id', 'text', (c) => c.notNull())
        .addColumn('user_sub', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('captive_signers', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('envelopes_pk', ['tenant', 'account_id', 'envelope_id'])
        .execute();
      await db.schema
        .createTable('instances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('alive_until', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
];
