/**
 * Migration 7: the admin page's sessions (`/admin`, server/admin/sessions.ts) in the store, so every
 * server instance on one database knows a session another opened. Only the SHA-256 of the cookie value
 * is kept. Its own file (imported by migrations.ts only) to keep the shared migration list short.
 */
import { strict, types, type Migration } from './migration-kit.ts';

export const ADMIN_SESSIONS_MIGRATION: Migration = {
  version: 7,
  name: 'admin page sessions shared by every instance (db/admin-sessions.ts)',
  async up(db, dialect) {
    const { int64 } = types(dialect);
    const table = db.schema
      .createTable('admin_sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('csrf', 'text', (c) => c.notNull())
      .addColumn('expires_at', int64, (c) => c.notNull());
    await strict(table, dialect).execute();
    await db.schema.createIndex('admin_sessions_expiry').on('admin_sessions').column('expires_at').execute();
  },
};
