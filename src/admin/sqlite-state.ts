/**
 * AdminState in the server's SQLite file, so the command line and every server instance on that file
 * share cursors and token generations. Its tables are migration 4 of the store (src/server/migrations.ts):
 * open it through `openStore` (or run `migrate` first).
 */
import type Database from 'better-sqlite3';
import type { AdminState } from './state.ts';

export function sqliteAdminState(db: Database.Database, now: () => number = Date.now): AdminState {
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
