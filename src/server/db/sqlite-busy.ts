/**
 * SQLite's dialect with the wait for a busy database made asynchronous.
 *
 * better-sqlite3 waits for another connection's write lock (`busy_timeout`) synchronously, which
 * blocks the whole server while it waits; and when the holder is in the same process (two stores on one
 * file, as in tests, or a migration beside a heartbeat) it can never release: a deadlock ending in
 * "database is locked". So `busy_timeout` is 0 and a statement refused with SQLITE_BUSY is tried again
 * after a short timer, for up to `waitMs`, letting the holder run meanwhile.
 */
import { SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';

const isBusy = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'SQLITE_BUSY';

async function retryBusy<T>(run: () => Promise<T>, waitMs: number): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt, 25)));
    }
  }
}

export class AsyncBusySqliteDialect extends SqliteDialect {
  readonly #waitMs: number;
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0], waitMs: number) {
    super(config);
    this.#waitMs = waitMs;
  }

  override createDriver(): Driver {
    const inner = super.createDriver();
    const waitMs = this.#waitMs;
    const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const unwrap = (connection: DatabaseConnection) => wrapped.get(connection) ?? connection;
    return {
      init: () => inner.init(),
      acquireConnection: async () => {
        const connection = await inner.acquireConnection();
        const outer: DatabaseConnection = {
          executeQuery: (query) => retryBusy(() => connection.executeQuery(query), waitMs),
          streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
        };
        wrapped.set(outer, connection);
        return outer;
      },
      // Through the wrapper, so that BEGIN waits asynchronously too.
      beginTransaction: (connection, settings) => inner.beginTransaction(connection, settings),
      commitTransaction: (connection) => inner.commitTransaction(connection),
      rollbackTransaction: (connection) => inner.rollbackTransaction(connection),
      releaseConnection: (connection) => inner.releaseConnection(unwrap(connection)),
      destroy: () => inner.destroy(),
    };
  }
}
