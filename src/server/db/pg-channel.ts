/**
 * A PostgreSQL notification channel between the server instances on one database (LISTEN/NOTIFY,
 * https://www.postgresql.org/docs/current/sql-notify.html): the status relay (status-relay.ts) tells the
 * other instances which envelope changed. The listening connection is opened on the first `listen` and
 * reopened after it is lost; a notification sent while it was lost is not heard (the page's next read
 * shows that change).
 */
import pg from 'pg';

export interface ChangeChannel {
  /** Tells every instance listening on this database, this one included. */
  notify(message: string): Promise<void>;
  /** Hears every message from now on; resolves once the database delivers them to this instance. */
  listen(on: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

export const STATUS_CHANNEL = 'signbridge_status';
const RECONNECT_MS = 1000;

export function pgChannel(pool: pg.Pool, connectionString: string): ChangeChannel {
  const listeners = new Set<(message: string) => void>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (n) => {
      if (n.channel !== STATUS_CHANNEL || n.payload === undefined) return;
      for (const on of listeners) on(n.payload);
    });
    // A lost connection (database restart, failover) is opened again; without this listener the
    // client's 'error' would crash the process.
    c.on('error', () => {
      if (client === c) client = undefined;
      c.end().catch(() => undefined);
      if (!closed) setTimeout(() => void ensure().catch(() => undefined), RECONNECT_MS).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${STATUS_CHANNEL}`);
    if (closed) await c.end();
    else client = c;
  };
  const ensure = (): Promise<void> => {
    if (client !== undefined || closed) return Promise.resolve();
    connecting ??= connect().finally(() => (connecting = undefined));
    return connecting;
  };

  return {
    async notify(message) {
      await pool.query('select pg_notify($1, $2)', [STATUS_CHANNEL, message]);
    },
    async listen(on) {
      listeners.add(on);
      await ensure();
    },
    async close() {
      closed = true;
      await connecting?.catch(() => undefined);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
