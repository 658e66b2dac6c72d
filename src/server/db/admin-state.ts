/**
 * `AdminState` in the server's store (SQLite or PostgreSQL, migration 5), so the command line and every
 * server instance on one database share Monitor cursors, token generations and base_uris.
 */
import type { Kysely } from 'kysely';
import type { AdminState } from '../../admin/state.ts';
import type { Tables } from './schema.ts';

export function sqlAdminState(db: Kysely<Tables>, now: () => number = Date.now): AdminState {
  return {
    async getCursor(tenant, stream) {
      const row = await db.selectFrom('admin_cursors').select('cursor').where('tenant', '=', tenant).where('stream', '=', stream).executeTakeFirst();
      return row?.cursor;
    },
    async setCursor(tenant, stream, cursor) {
      const updatedAt = now();
      await db
        .insertInto('admin_cursors')
        .values({ tenant, stream, cursor, updated_at: updatedAt })
        .onConflict((oc) => oc.columns(['tenant', 'stream']).doUpdateSet({ cursor, updated_at: updatedAt }))
        .execute();
    },
    async tokenGeneration(tenant) {
      const row = await db.selectFrom('token_generations').select('generation').where('tenant', '=', tenant).executeTakeFirst();
      return row === undefined ? 0 : Number(row.generation);
    },
    async bumpTokenGeneration(tenant) {
      // One statement, so two instances resetting at once get two distinct generations.
      const row = await db
        .insertInto('token_generations')
        .values({ tenant, generation: 1 })
        .onConflict((oc) => oc.column('tenant').doUpdateSet((eb) => ({ generation: eb('token_generations.generation', '+', 1) })))
        .returning('generation')
        .executeTakeFirstOrThrow();
      return Number(row.generation);
    },
    async getBaseUri(tenant, accountId) {
      const row = await db.selectFrom('base_uris').select('base_uri').where('tenant', '=', tenant).where('account_id', '=', accountId).executeTakeFirst();
      return row?.base_uri;
    },
    async setBaseUri(tenant, accountId, baseUri) {
      await db
        .insertInto('base_uris')
        .values({ tenant, account_id: accountId, base_uri: baseUri })
        .onConflict((oc) => oc.columns(['tenant', 'account_id']).doUpdateSet({ base_uri: baseUri }))
        .execute();
    },
  };
}
