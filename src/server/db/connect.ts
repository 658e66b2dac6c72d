/**
 * Opens the server's database from one setting (`SIGNBRIDGE_DATABASE`): a `postgres://` or
 * `postgresql://` URL is PostgreSQL (node-postgres pool), anything else is a SQLite file path
 * (better-sqlite3; `:memory:` for tests). Both are driven through the same Kysely query layer, so the
 * store has one implementation whichever database runs under it.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { pgChannel, type ChangeChannel } from './pg-channel.ts';
import type { Tables } from './schema.ts';
import { AsyncBusySqliteDialect } from './sqlite-busy.ts';
import { cachingStatements } from './statement-cache.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Tables>;
  dialect: DialectName;
  /** Where it is, with any password left out (for logs). */
  describe: string;
  /** Between the instances on this database (PostgreSQL); none for SQLite, which serves one instance. */
  channel?: ChangeChannel;
  close(): Promise<void>;
}

export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

const INT8_OID = 20;

export function openDb(location: string, options: { poolSize?: number } = {}): Db {
  if (isPostgresUrl(location)) {
    // Timestamps are epoch milliseconds in BIGINT columns; node-postgres hands int8 back as a string
    // because it may exceed 2^53. Ours never do, so read them as numbers (for this pool only).
    const types = new pg.TypeOverrides();
    types.setTypeParser(INT8_OID, Number);
    // allowExitOnIdle: a one-shot command (npm run admin) ends when done; a server is kept alive by its listener.
    const pool = new pg.Pool({ connectionString: location, max: options.poolSize ?? 10, types, allowExitOnIdle: true });
    // An idle client that loses its server (restart, failover) emits 'error' on the pool; without a
    // listener that would crash the process. The next query gets a fresh connection.
    pool.on('error', () => undefined);
    const url = new URL(location);
    url.password = '';
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    const channel = pgChannel(pool, location);
    return {
      db,
      dialect: 'postgres',
      describe: url.toString(),
      channel,
      close: async () => {
        await channel.close();
        await db.destroy();
      },
    };
  }
  if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
  const sqlite = new Database(location);
  sqlite.pragma('journal_mode = WAL');
  // Several connections on one file wait for the write lock, asynchronously (sqlite-busy.ts).
  sqlite.pragma('busy_timeout = 0');
  const db = new Kysely<Tables>({ dialect: new AsyncBusySqliteDialect({ database: cachingStatements(sqlite) }, 5000) });
  return { db, dialect: 'sqlite', describe: location, close: () => db.destroy() };
}

/** The database answers a trivial query. */
export async function ping(db: Kysely<Tables>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
