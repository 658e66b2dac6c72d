/**
 * Runs the pending migrations at start, under a lock, so that several instances starting together on
 * an empty database migrate it once: the others wait for the lock, then find nothing left to do.
 *
 * - PostgreSQL: a session advisory lock (`pg_advisory_lock`), held on one connection for the whole
 *   run; each migration runs in its own transaction with its `schema_migrations` row (PostgreSQL's DDL
 *   is transactional, so a failed migration leaves nothing behind).
 * - SQLite: `BEGIN IMMEDIATE` takes the database's write lock for the whole run (another connection
 *   waits for it, see `sqlite-busy.ts`); SQLite's DDL is transactional too, so it is all or nothing.
 *
 * Kysely's own Migrator is not used: its SQLite lock is a no-op (it assumes one process per file).
 */
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './connect.ts';
import type { Migration } from '../migrations.ts';
import type { Tables } from './schema.ts';

/** Any fixed 64-bit number; only SignBridge's migrations take this advisory lock. */
const ADVISORY_LOCK_ID = 7_418_230_551;

export class MigrationError extends Error {
  override name = 'MigrationError';
}

async function ensureTable(db: Kysely<Tables>): Promise<void> {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Applies what `db` lacks; returns the versions applied by this call (empty when another did it). */
async function applyPending(
  db: Kysely<Tables>,
  dialect: DialectName,
  migrations: readonly Migration[],
  now: () => number,
  inTransaction: (run: (trx: Kysely<Tables>) => Promise<void>) => Promise<void>,
): Promise<number[]> {
  await ensureTable(db);
  const done = new Set((await db.selectFrom('schema_migrations').select('version').execute()).map((r) => Number(r.version)));
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...done].filter((v) => !known.has(v));
  if (unknown.length > 0) {
    throw new MigrationError(`the database has schema versions this server does not know (${unknown.join(', ')}): it was migrated by a newer SignBridge`);
  }
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    await inTransaction(async (trx) => {
      await migration.up(trx as Kysely<unknown>, dialect);
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: Math.floor(now()) }).execute();
    });
    applied.push(migration.version);
  }
  return applied;
}

export async function migrate(db: Kysely<Tables>, dialect: DialectName, migrations: readonly Migration[], now: () => number = Date.now): Promise<number[]> {
  return db.connection().execute(async (conn) => {
    if (dialect === 'postgres') {
      await sql`select pg_advisory_lock(${ADVISORY_LOCK_ID})`.execute(conn);
      try {
        return await applyPending(conn, dialect, migrations, now, (run) => conn.transaction().execute(run));
      } finally {
        await sql`select pg_advisory_unlock(${ADVISORY_LOCK_ID})`.execute(conn);
      }
    }
    return immediateTransaction(conn, () => applyPending(conn, dialect, migrations, now, (run) => run(conn)));
  });
}

/** SQLite: `run` on `conn` inside `BEGIN IMMEDIATE` (the write lock from the start), committed or rolled back. */
export async function immediateTransaction<T>(conn: Kysely<Tables>, run: () => Promise<T>): Promise<T> {
  await sql`begin immediate`.execute(conn);
  try {
    const result = await run();
    await sql`commit`.execute(conn);
    return result;
  } catch (error) {
    await sql`rollback`.execute(conn);
    throw error;
  }
}
