/**
 * `openStore(location)`: the store on the database named by `SIGNBRIDGE_DATABASE` (a PostgreSQL URL or
 * a SQLite path, `:memory:` for tests). It is returned at once and migrates in the background; every
 * call waits for the migration, and `ready()` reports its outcome, so the server awaits `ready()`
 * before it listens and a failed migration stops it from starting.
 */
import { MIGRATIONS, type Migration } from '../migrations.ts';
import type { StatusUpdate, TrackedEnvelope } from '../status-model.ts';
import type { EnvelopeQuery } from '../status-store.ts';
import type { Store } from '../store.ts';
import type { AdminSessionRow } from '../admin/sessions.ts';
import type { PendingSignIn } from '../admin/sign-in.ts';
import { sqlAdminSessions } from './admin-sessions.ts';
import { sqlAdminSignIns } from './admin-sign-ins.ts';
import { sqlAdminState } from './admin-state.ts';
import { openDb, ping } from './connect.ts';
import { migrate } from './migrate.ts';
import { storeQueries } from './sql-store.ts';
import { sqlStatusStore } from './status-store.ts';

export interface OpenOptions {
  migrations?: readonly Migration[];
  poolSize?: number;
  now?: () => number;
}

export function openStore(location: string, options: OpenOptions = {}): Store {
  const opened = openDb(location, options.poolSize === undefined ? {} : { poolSize: options.poolSize });
  const migrated = migrate(opened.db, opened.dialect, options.migrations ?? MIGRATIONS, options.now);
  // Observed here so that a failure is not an unhandled rejection before anyone asks.
  let done = false;
  migrated.then(
    () => (done = true),
    () => undefined,
  );
  const status = sqlStatusStore(opened.db, opened.dialect);
  const queries = storeQueries(opened.db, opened.dialect, status);
  const admin = sqlAdminState(opened.db, options.now);
  const adminSessions = sqlAdminSessions(opened.db);
  const adminSignIns = sqlAdminSignIns(opened.db);
  const after =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await migrated;
      return run(...args);
    };
  return {
    claim: after(queries.claim),
    renew: after(queries.renew),
    complete: after(queries.complete),
    markUnknown: after(queries.markUnknown),
    forget: after(queries.forget),
    saveEnvelope: after(queries.saveEnvelope),
    recordSend: after(queries.recordSend),
    getEnvelope: after(queries.getEnvelope),
    spendNonce: after(queries.spendNonce),
    createSession: after(queries.createSession),
    getSession: after(queries.getSession),
    revokeSession: after(queries.revokeSession),
    heartbeat: after(queries.heartbeat),
    retire: after(queries.retire),
    // AdminState and StatusStore declare methods: each is called on its object, not detached.
    admin: {
      getCursor: after((tenant: string, stream: string) => admin.getCursor(tenant, stream)),
      setCursor: after((tenant: string, stream: string, cursor: string) => admin.setCursor(tenant, stream, cursor)),
      tokenGeneration: after((tenant: string) => admin.tokenGeneration(tenant)),
      bumpTokenGeneration: after((tenant: string) => admin.bumpTokenGeneration(tenant)),
      getBaseUri: after((tenant: string, accountId: string) => admin.getBaseUri(tenant, accountId)),
      setBaseUri: after((tenant: string, accountId: string, baseUri: string) => admin.setBaseUri(tenant, accountId, baseUri)),
    },
    adminSessions: {
      insert: after((idHash: string, row: AdminSessionRow, now: number) => adminSessions.insert(idHash, row, now)),
      find: after((idHash: string) => adminSessions.find(idHash)),
      remove: after((idHash: string) => adminSessions.remove(idHash)),
    },
    adminSignIns: {
      put: after((stateHash: string, row: PendingSignIn, limits: { maxPending: number; expiredBefore: number }) => adminSignIns.put(stateHash, row, limits)),
      take: after((stateHash: string) => adminSignIns.take(stateHash)),
    },
    status: {
      track: after((envelope: TrackedEnvelope) => status.track(envelope)),
      apply: after((updates: readonly StatusUpdate[], now: number) => status.apply(updates, now)),
      get: after((envelopeId: string) => status.get(envelopeId)),
      list: after((query: EnvelopeQuery) => status.list(query)),
    },
    ...(opened.channel === undefined ? {} : { changes: opened.channel }),
    ready: () => migrated,
    ping: async () => done && (await ping(opened.db)),
    dialect: opened.dialect,
    close: async () => {
      await migrated.catch(() => undefined);
      await opened.close();
    },
  };
}
