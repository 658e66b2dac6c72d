/**
 * The admin page's session rows in the server's store (SQLite or PostgreSQL, migration 7): keyed by the
 * SHA-256 of the cookie value, never the value itself. The table is declared here (`withTables`), not in
 * schema.ts, so the admin page's storage stays in one file.
 */
import type { Kysely } from 'kysely';
import type { AdminSessionRow, AdminSessionRows } from '../admin/sessions.ts';
import type { Tables } from './schema.ts';

interface AdminSessionsTable {
  id_hash: string;
  tenant: string;
  email: string;
  name: string;
  csrf: string;
  expires_at: number;
}

export function sqlAdminSessions(base: Kysely<Tables>): AdminSessionRows {
  const db = base.withTables<{ admin_sessions: AdminSessionsTable }>();
  return {
    async insert(idHash, row, now) {
      // Expired sessions are useless: drop them as new ones arrive, so the table stays small.
      await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
      await db
        .insertInto('admin_sessions')
        .values({ id_hash: idHash, tenant: row.tenantId, email: row.email, name: row.name, csrf: row.csrf, expires_at: row.expiresAt })
        .execute();
    },
    async find(idHash) {
      const raw = await db.selectFrom('admin_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      if (raw === undefined) return undefined;
      const row: AdminSessionRow = { tenantId: raw.tenant, email: raw.email, name: raw.name, csrf: raw.csrf, expiresAt: Number(raw.expires_at) };
      return row;
    },
    async remove(idHash) {
      await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute();
    },
  };
}
