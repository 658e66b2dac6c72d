/**
 * Migration 8: administrator sign-ins in progress (`/admin/login` to `/admin/oidc/callback`) in the
 * store, so that the identity provider's redirect may come back to any server instance on the database.
 * Only the SHA-256 of the `state` is kept as the key.
 */
import { strict, types, type Migration } from './migration-kit.ts';

export const ADMIN_SIGN_INS_MIGRATION: Migration = {
  version: 8,
  name: 'admin sign-ins in progress shared by every instance (db/admin-sign-ins.ts)',
  async up(db, dialect) {
    const { int64 } = types(dialect);
    const table = db.schema
      .createTable('admin_sign_ins')
      .addColumn('state_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('verifier', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('created_at', int64, (c) => c.notNull());
    await strict(table, dialect).execute();
    await db.schema.createIndex('admin_sign_ins_created').on('admin_sign_ins').column('created_at').execute();
  },
};
