/**
 * The server's durable state through Kysely, one implementation for SQLite and PostgreSQL.
 *
 * Exactly once across instances rests on single statements, which both databases run atomically:
 * a claim is an `INSERT ... ON CONFLICT DO NOTHING`, and taking over someone else's claim is a
 * compare-and-swap `UPDATE` on the owner, state and lease it was read with. Two instances racing for
 * one key therefore cannot both win, without any transaction spanning a round trip.
 *
 * A claim lives as long as its owner does: each instance keeps a row in `instances` fresh (heartbeat,
 * see `liveness.ts`); a pending claim whose owner's row went stale (killed, frozen, cut off) is taken
 * over at once, and the taker looks the envelope up by request id before creating anything.
 * `lease_until` stays as an upper bound for a live owner stuck on one send.
 */
import type { Kysely, Selectable } from 'kysely';
import type { CaptiveSigner, ClaimInput, ClaimResult, EnvelopeRow, IdempotencyRow, Scope, SessionRow, Store, Takeover } from '../store.ts';
import type { DialectName } from './connect.ts';
import type { IdempotencyTable, Tables } from './schema.ts';
import { inWriteTransaction, type SqlStatusStore } from './status-store.ts';

const toRow = (raw: Selectable<IdempotencyTable>): IdempotencyRow => ({
  tenant: raw.tenant,
  principal: raw.principal,
  key: raw.key,
  requestHash: raw.request_hash,
  requestId: raw.request_id,
  state: raw.state,
  status: raw.status === null ? null : Number(raw.status),
  response: raw.response,
  createdAt: Number(raw.created_at),
  leaseUntil: Number(raw.lease_until),
  owner: raw.owner,
});

/** A read and a lost compare-and-swap repeat at most this often; each loss means another instance moved. */
const MAX_CLAIM_ROUNDS = 5;

type StoreQueries = Omit<Store, 'admin' | 'adminSessions' | 'adminSignIns' | 'changes' | 'status' | 'ready' | 'ping' | 'dialect' | 'close'>;

const idempotencyOn = (q: Kysely<Tables>, scope: Scope, key: string) =>
  q.updateTable('idempotency').where('tenant', '=', scope.tenant).where('principal', '=', scope.principal).where('key', '=', key);

const completeOn = async (q: Kysely<Tables>, scope: Scope, key: string, status: number, response: string) => {
  await idempotencyOn(q, scope, key).set({ state: 'done', status, response, lease_until: 0 }).where('state', '!=', 'done').execute();
};

async function saveEnvelopeOn(q: Kysely<Tables>, row: EnvelopeRow): Promise<void> {
  const values = {
    tenant: row.tenant,
    account_id: row.accountId,
    envelope_id: row.envelopeId,
    principal: row.principal,
    request_id: row.requestId,
    captive_signers: JSON.stringify(row.captiveSigners),
    created_at: row.createdAt,
  };
  // Envelope ids are DocuSign's (unique per account): a second save is the same envelope again.
  await q
    .insertInto('envelopes')
    .values(values)
    .onConflict((oc) => oc.columns(['account_id', 'envelope_id']).doUpdateSet({ captive_signers: values.captive_signers }))
    .execute();
}

export function storeQueries(db: Kysely<Tables>, dialect: DialectName, status: SqlStatusStore): StoreQueries {
  const idempotency = (scope: Scope, key: string) => idempotencyOn(db, scope, key);

  async function ownerAliveUntil(owner: string, now: number): Promise<number | undefined> {
    const row = await db.selectFrom('instances').select('alive_until').where('id', '=', owner).executeTakeFirst();
    const until = row === undefined ? undefined : Number(row.alive_until);
    return until !== undefined && until > now ? until : undefined;
  }

  async function claim(input: ClaimInput): Promise<ClaimResult> {
    const { scope } = input;
    const leaseUntil = input.now + input.leaseMs;
    const read = () =>
      db.selectFrom('idempotency').selectAll().where('tenant', '=', scope.tenant).where('principal', '=', scope.principal).where('key', '=', input.key).executeTakeFirst();
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
      const inserted = await db
        .insertInto('idempotency')
        .values({
          tenant: scope.tenant,
          principal: scope.principal,
          key: input.key,
          request_hash: input.requestHash,
          request_id: input.newRequestId,
          state: 'pending',
          status: null,
          response: null,
          created_at: input.now,
          lease_until: leaseUntil,
          owner: input.owner,
        })
        .onConflict((oc) => oc.columns(['tenant', 'principal', 'key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) return { kind: 'new', row: toRow(inserted) };

      const raw = await read();
      // Forgotten between our insert and read: try inserting again.
      if (raw === undefined) continue;
      const row = toRow(raw);
      if (row.requestHash !== input.requestHash) return { kind: 'conflict', row };
      if (row.state === 'done') return { kind: 'replay', row };

      let takeover: Takeover | undefined;
      if (row.state === 'pending' && row.owner !== input.owner) {
        const alive = await ownerAliveUntil(row.owner, input.now);
        if (alive !== undefined && row.leaseUntil > input.now) return { kind: 'in_progress', row, until: Math.min(alive, row.leaseUntil) };
        takeover = alive === undefined ? 'owner_dead' : 'lease_expired';
      }
      // Compare-and-swap on what we read: if another instance moved first, read again.
      const swapped = await idempotency(scope, input.key)
        .set({ state: 'pending', owner: input.owner, lease_until: leaseUntil })
        .where('owner', '=', row.owner)
        .where('state', '=', row.state)
        .where('lease_until', '=', row.leaseUntil)
        .returningAll()
        .executeTakeFirst();
      if (swapped === undefined) continue;
      const resumed = toRow(swapped);
      const lookOnly = row.state === 'unknown' && row.leaseUntil > input.now ? { lookOnlyUntil: row.leaseUntil } : {};
      return takeover === undefined ? { kind: 'resume', row: resumed, ...lookOnly } : { kind: 'resume', row: resumed, takeover, ...lookOnly };
    }
    const raw = await read();
    if (raw === undefined) throw new Error('idempotency claim did not settle');
    return { kind: 'in_progress', row: toRow(raw), until: input.now + 1000 };
  }

  return {
    claim,
    async renew(scope, key, owner, now, leaseMs) {
      const result = await idempotency(scope, key).set({ lease_until: now + leaseMs }).where('owner', '=', owner).where('state', '=', 'pending').executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    complete: (scope, key, status, response) => completeOn(db, scope, key, status, response),
    async markUnknown(scope, key, owner, lookOnlyUntil = 0) {
      // An unknown key holds no lease: its lease column keeps the time before which it may only be looked up.
      await idempotency(scope, key).set({ state: 'unknown', lease_until: Math.floor(lookOnlyUntil) }).where('owner', '=', owner).where('state', '!=', 'done').execute();
    },
    async forget(scope, key, owner) {
      await db
        .deleteFrom('idempotency')
        .where('tenant', '=', scope.tenant)
        .where('principal', '=', scope.principal)
        .where('key', '=', key)
        .where('owner', '=', owner)
        .where('state', '=', 'pending')
        .execute();
    },
    saveEnvelope: (row) => saveEnvelopeOn(db, row),
    // One commit where there were three: the outcome is durable before the send is answered either way.
    recordSend: (record) =>
      inWriteTransaction(db, dialect, async (trx) => {
        await saveEnvelopeOn(trx, record.envelope);
        await completeOn(trx, record.scope, record.key, record.status, record.response);
        return record.tracked === undefined ? undefined : status.trackWith(trx, record.tracked);
      }),
    async getEnvelope(tenant, accountId, envelopeId) {
      const raw = await db
        .selectFrom('envelopes')
        .selectAll()
        .where('tenant', '=', tenant)
        .where('account_id', '=', accountId)
        .where('envelope_id', '=', envelopeId)
        .executeTakeFirst();
      if (raw === undefined) return undefined;
      return {
        tenant: raw.tenant,
        accountId: raw.account_id,
        envelopeId: raw.envelope_id,
        principal: raw.principal,
        requestId: raw.request_id,
        captiveSigners: JSON.parse(raw.captive_signers) as CaptiveSigner[],
        createdAt: Number(raw.created_at),
      };
    },
    async spendNonce(key, expiresAt, now) {
      await db.deleteFrom('spent_nonces').where('expires_at', '<=', now).execute();
      // One statement: of two requests spending the same nonce at once, exactly one inserts it.
      const inserted = await db
        .insertInto('spent_nonces')
        .values({ key, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async createSession(row: SessionRow) {
      // Expired sessions are useless: drop them as new ones arrive, so the table stays small.
      await db.deleteFrom('sessions').where('expires_at', '<=', row.createdAt - 24 * 3600_000).execute();
      await db
        .insertInto('sessions')
        .values({
          id_hash: row.idHash,
          tenant: row.tenant,
          sub: row.sub,
          email: row.email,
          name: row.name,
          groups: JSON.stringify(row.groups),
          created_at: row.createdAt,
          expires_at: row.expiresAt,
          revoked_at: row.revokedAt,
        })
        .execute();
    },
    async getSession(idHash) {
      const raw = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      if (raw === undefined) return undefined;
      return {
        idHash: raw.id_hash,
        tenant: raw.tenant,
        sub: raw.sub,
        email: raw.email,
        name: raw.name,
        groups: JSON.parse(raw.groups) as string[],
        createdAt: Number(raw.created_at),
        expiresAt: Number(raw.expires_at),
        revokedAt: raw.revoked_at === null ? null : Number(raw.revoked_at),
      };
    },
    async revokeSession(idHash, at) {
      await db.updateTable('sessions').set({ revoked_at: at }).where('id_hash', '=', idHash).where('revoked_at', 'is', null).execute();
    },
    async heartbeat(id, now, ttlMs) {
      await db
        .insertInto('instances')
        .values({ id, started_at: now, alive_until: now + ttlMs })
        .onConflict((oc) => oc.column('id').doUpdateSet({ alive_until: now + ttlMs }))
        .execute();
      // Rows of instances dead for an hour go, so the table stays as small as the fleet.
      await db.deleteFrom('instances').where('alive_until', '<', now - 3_600_000).execute();
    },
    async retire(id) {
      await db.deleteFrom('instances').where('id', '=', id).execute();
    },
  };
}
