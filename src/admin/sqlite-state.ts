/**
 * AdminState in the server's SQLite file, so the command line and every server instance on that file
 * share cursors and token generations. The schema is one migration (`ADMIN_MIGRATION`) for the
 * store's migration list.
 */
import type Database from 'better-sqlite3';
import type { AdminState } from './state.ts';

export const ADMIN_MIGRATION = {
  name: 'admin: monitor cursors, token generations and base_uri per tenant',
  sql: `
    CREATE TABLE IF NOT EXISTS admin_cursors (
      tenant TEXT NOT NULL, stream TEXT NOT NULL, cursor TEXT NOT NULL, updated_at INTEGER NOT NULL,
      PRIMARY KEY (tenant, stream)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS token_generations (
      tenant TEXT PRIMARY KEY, generation INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS base_uris (
      tenant TEXT NOT NULL, account_id TEXT NOT NULL, base_uri TEXT NOT NULL, PRIMARY KEY (tenant, account_id)
    ) STRICT;`,
} as const;

export function sqliteAdminState(db: Database.Database, now: () => number = Date.now): AdminState {
  db.exec(ADMIN_MIGRATION.sql);
  const getCursor = db.prepare<[string, string], { cursor: string }>('SELECT cursor FROM admin_cursors WHERE tenant = ? AND stream = ?');
  const setCursor = db.prepare(
    'INSERT INTO admin_cursors (tenant, stream, cursor, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (tenant, stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at',
  );
  const generation = db.prepare<[string], { generation: number }>('SELECT generation FROM token_generations WHERE tenant = ?');
  const bump = db.prepare<[string], { generation: number }>(
    'INSERT INTO token_generations (tenant, generation) VALUES (?, 1) ON CONFLICT (tenant) DO UPDATE SET generation = generation + 1 RETURNING generation',
  );
  const getBase = db.prepare<[string, string], { base_uri: string }>('SELECT base_uri FROM base_uris WHERE tenant = ? AND account_id = ?');
  const setBase = db.prepare(
    'INSERT INTO base_uris (tenant, account_id, base_uri) VALUES (?, ?, ?) ON CONFLICT (tenant, account_id) DO UPDATE SET base_uri = excluded.base_uri',
  );
  return {
    getCursor: (tenant, stream) => Promise.resolve(getCursor.get(tenant, stream)?.cursor),
    setCursor: (tenant, stream, cursor) => Promise.resolve(void setCursor.run(tenant, stream, cursor, now())),
    tokenGeneration: (tenant) => Promise.resolve(generation.get(tenant)?.generation ?? 0),
    bumpTokenGeneration: (tenant) => Promise.resolve(bump.get(tenant)?.generation ?? 1),
    getBaseUri: (tenant, accountId) => Promise.resolve(getBase.get(tenant, accountId)?.base_uri),
    setBaseUri: (tenant, accountId, baseUri) => Promise.resolve(void setBase.run(tenant, accountId, baseUri)),
  };
}
