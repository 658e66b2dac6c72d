/**
 * Administrator sign-ins in progress in the server's store (SQLite or PostgreSQL, migration 8), keyed by
 * the SHA-256 of the OAuth `state`. Taking one deletes it in the same statement, so a state is used once
 * across every instance. The table is declared here (`withTables`), beside its only queries.
 */
import { sql, type Kysely } from 'kysely';
import type { PendingSignIn, PendingSignIns } from '../admin/sign-in.ts';
import type { Tables } from './schema.ts';

interface AdminSignInsTable {
  state_hash: string;
  tenant: string;
  verifier: string;
  nonce: string;
  created_at: number;
}

export function sqlAdminSignIns(base: Kysely<Tables>): PendingSignIns {
  const db = base.withTables<{ admin_sign_ins: AdminSignInsTable }>();
  return {
    async put(stateHash, row, { maxPending, expiredBefore }) {
      // Abandoned sign-ins are useless: drop them as new ones arrive, so the table stays small.
      await db.deleteFrom('admin_sign_ins').where('created_at', '<=', expiredBefore).execute();
      const live = await db.selectFrom('admin_sign_ins').select(sql<number>`count(*)`.as('n')).executeTakeFirst();
      if (Number(live?.n ?? 0) >= maxPending) return false;
      await db
        .insertInto('admin_sign_ins')
        .values({ state_hash: stateHash, tenant: row.tenantId, verifier: row.verifier, nonce: row.nonce, created_at: row.createdAt })
        .execute();
      return true;
    },
    async take(stateHash) {
      const raw = await db.deleteFrom('admin_sign_ins').where('state_hash', '=', stateHash).returningAll().executeTakeFirst();
      if (raw === undefined) return undefined;
      const row: PendingSignIn = { tenantId: raw.tenant, verifier: raw.verifier, nonce: raw.nonce, createdAt: Number(raw.created_at) };
      return row;
    },
  };
}
