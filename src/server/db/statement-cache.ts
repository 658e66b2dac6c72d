/** better-sqlite3 under Kysely with its prepared statements kept for reuse (connect.ts). */
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

const CACHED_STATEMENTS = 256;

/**
 * Kysely's SQLite driver prepares every query afresh; ours repeat (a send runs the same dozen), and
 * preparing was a tenth of a send's store time (the cost bench). better-sqlite3 statements may be run
 * again and again, and SQLite re-prepares one by itself after a schema change (migrations). The driver
 * runs a statement to its end synchronously (`all`/`run`); only `iterate` could leave one busy, and the
 * store never streams. Least recently used out first, so multi-row inserts of every size cannot grow it.
 */
export function cachingStatements(sqlite: Database.Database, max = CACHED_STATEMENTS): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    prepare(text) {
      let statement = cache.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value ?? '');
      } else {
        cache.delete(text);
      }
      cache.set(text, statement);
      return statement;
    },
    close: () => {
      cache.clear();
      sqlite.close();
    },
  };
}
