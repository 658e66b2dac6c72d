/**
 * The store the server runs on: the database named by `SIGNBRIDGE_DATABASE` (a PostgreSQL URL or a
 * SQLite path), migrated before first use, with every query of `sql-store.ts` bound to it.
 */
import { openDb, ping, type DialectName } from './connect.ts';
import { migrate } from './migrate.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { envelopeQueries, idempotencyQueries, instanceQueries } from './sql-store.ts';

export type SqlStore = ReturnType<typeof idempotencyQueries> &
  ReturnType<typeof envelopeQueries> &
  ReturnType<typeof instanceQueries> & {
    dialect: DialectName;
    /** Where the data lives, without a password. */
    location: string;
    /** The database answers (for `/readyz`). */
    ping(): Promise<boolean>;
    close(): Promise<void>;
  };

export interface OpenOptions {
  migrations?: readonly Migration[];
  poolSize?: number;
  now?: () => number;
}

export async function openSqlStore(location: string, options: OpenOptions = {}): Promise<SqlStore> {
  const opened = openDb(location, options.poolSize === undefined ? {} : { poolSize: options.poolSize });
  try {
    await migrate(opened.db, opened.dialect, options.migrations ?? MIGRATIONS, options.now);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return {
    ...idempotencyQueries(opened.db),
    ...envelopeQueries(opened.db),
    ...instanceQueries(opened.db),
    dialect: opened.dialect,
    location: opened.describe,
    ping: () => ping(opened.db),
    close: () => opened.close(),
  };
}
