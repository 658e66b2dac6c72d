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
import type { IdempotencyState, IdempotencyTable, Tables } from './schema.ts';

export interface KeyRef {
  tenant: string;
  userSub: string;
  key: string;
}

export interface IdempotencyRow extends KeyRef {
  requestHash: string;
  requestId: string;
  state: IdempotencyState;
  status: number | null;
  response: string | null;
  createdAt: number;
  leaseUntil: number;
  owner: string;
}

export interface ClaimInput extends KeyRef {
  requestHash: string;
  newRequestId: string;
  owner: string;
  now: number;
  leaseMs: number;
}

/** Why a claim held by another instance was taken over. */
export type Takeover = 'owner_dead' | 'lease_expired';

export type ClaimResult =
  | { kind: 'new'; row: IdempotencyRow }
  | { kind: 'resume'; row: IdempotencyRow; takeover?: Takeover }
  | { kind: 'replay'; row: IdempotencyRow }
  | { kind: 'conflict'; row: IdempotencyRow }
  /** `until`: when the owner's heartbeat or the lease runs out at the latest, whichever is first. */
  | { kind: 'in_progress'; row: IdempotencyRow; until: number };

export interface CaptiveSigner {
  recipientId: string;
  name: string;
  email: string;
  clientUserId: string;
}

export interface EnvelopeRow {
  tenant: string;
  accountId: string;
  envelopeId: string;
  userSub: string;
  requestId: string;
  captiveSigners: CaptiveSigner[];
  createdAt: number;
}

const toRow = (raw: Selectable<IdempotencyTable>): IdempotencyRow => ({
  tenant: raw.tenant,
  userSub: raw.user_sub,
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

export function idempotencyQueries(db: Kysely<Tables>) {
  const byKey = (ref: KeyRef) =>
    db.selectFrom('idempotency').where('tenant', '=', ref.tenant).where('user_sub', '=', ref.userSub).where('key', '=', ref.key);

  async function ownerAliveUntil(owner: string, now: number): Promise<number | undefined> {
    const row = await db.selectFrom('instances').select('alive_until').where('id', '=', owner).executeTakeFirst();
    const until = row === undefined ? undefined : Number(row.alive_until);
    return until !== undefined && until > now ? until : undefined;
  }

  async function claim(input: ClaimInput): Promise<ClaimResult> {
    const leaseUntil = input.now + input.leaseMs;
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
      const inserted = await db
        .insertInto('idempotency')
        .values({
          tenant: input.tenant,
          user_sub: input.userSub,
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
        .onConflict((oc) => oc.columns(['tenant', 'user_sub', 'key']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted !== undefined) return { kind: 'new', row: toRow(inserted) };

      const raw = await byKey(input).selectAll().executeTakeFirst();
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
      const swapped = await db
        .updateTable('idempotency')
        .set({ state: 'pending', owner: input.owner, lease_until: leaseUntil })
        .where('tenant', '=', row.tenant)
        .where('user_sub', '=', row.userSub)
        .where('key', '=', row.key)
        .where('owner', '=', row.owner)
        .where('state', '=', row.state)
        .where('lease_until', '=', row.leaseUntil)
        .returningAll()
        .executeTakeFirst();
      if (swapped === undefined) continue;
      const resumed = toRow(swapped);
      return takeover === undefined ? { kind: 'resume', row: resumed } : { kind: 'resume', row: resumed, takeover };
    }
    const raw = await byKey(input).selectAll().executeTakeFirst();
    if (raw === undefined) throw new Error('idempotency claim did not settle');
    return { kind: 'in_progress', row: toRow(raw), until: input.now + 1000 };
  }

  return {
    claim,
    /**
     * Renews our claim right before a DocuSign call; false when it is no longer ours (another instance
     * decided we were dead and took it over), so we must not create an envelope for it.
     */
    async renew(ref: KeyRef, owner: string, now: number, leaseMs: number): Promise<boolean> {
      const result = await db
        .updateTable('idempotency')
        .set({ lease_until: now + leaseMs })
        .where('tenant', '=', ref.tenant)
        .where('user_sub', '=', ref.userSub)
        .where('key', '=', ref.key)
        .where('owner', '=', owner)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** The first answer recorded wins. */
    async complete(ref: KeyRef, status: number, response: string): Promise<void> {
      await db
        .updateTable('idempotency')
        .set({ state: 'done', status, response, lease_until: 0 })
        .where('tenant', '=', ref.tenant)
        .where('user_sub', '=', ref.userSub)
        .where('key', '=', ref.key)
        .where('state', '!=', 'done')
        .execute();
    },
    /** DocuSign's answer was lost: keep the request id, release the claim (only if still ours). */
    async markUnknown(ref: KeyRef, owner: string): Promise<void> {
      await db
        .updateTable('idempotency')
        .set({ state: 'unknown', lease_until: 0 })
        .where('tenant', '=', ref.tenant)
        .where('user_sub', '=', ref.userSub)
        .where('key', '=', ref.key)
        .where('owner', '=', owner)
        .where('state', '!=', 'done')
        .execute();
    },
    /** DocuSign certainly created nothing: free the key for the same request (only if still ours). */
    async forget(ref: KeyRef, owner: string): Promise<void> {
      await db
        .deleteFrom('idempotency')
        .where('tenant', '=', ref.tenant)
        .where('user_sub', '=', ref.userSub)
        .where('key', '=', ref.key)
        .where('owner', '=', owner)
        .where('state', '=', 'pending')
        .execute();
    },
  };
}

export function envelopeQueries(db: Kysely<Tables>) {
  return {
    async saveEnvelope(row: EnvelopeRow): Promise<void> {
      const values = {
        tenant: row.tenant,
        account_id: row.accountId,
        envelope_id: row.envelopeId,
        user_sub: row.userSub,
        request_id: row.requestId,
        captive_signers: JSON.stringify(row.captiveSigners),
        created_at: row.createdAt,
      };
      await db
        .insertInto('envelopes')
        .values(values)
        .onConflict((oc) => oc.columns(['tenant', 'account_id', 'envelope_id']).doUpdateSet({ captive_signers: values.captive_signers }))
        .execute();
    },
    async getEnvelope(tenant: string, accountId: string, envelopeId: string): Promise<EnvelopeRow | undefined> {
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
        userSub: raw.user_sub,
        requestId: raw.request_id,
        captiveSigners: JSON.parse(raw.captive_signers) as CaptiveSigner[],
        createdAt: Number(raw.created_at),
      };
    },
  };
}

export function instanceQueries(db: Kysely<Tables>) {
  return {
    /** Registers or refreshes this instance: its claims stay its own until `now + ttlMs`. */
    async heartbeat(id: string, now: number, ttlMs: number): Promise<void> {
      await db
        .insertInto('instances')
        .values({ id, started_at: now, alive_until: now + ttlMs })
        .onConflict((oc) => oc.column('id').doUpdateSet({ alive_until: now + ttlMs }))
        .execute();
    },
    /** A clean shutdown: whatever this instance still holds may be taken over at once. */
    async retire(id: string): Promise<void> {
      await db.deleteFrom('instances').where('id', '=', id).execute();
    },
    /** Rows of instances dead for longer than `graceMs`, kept short so the table does not grow. */
    async sweep(now: number, graceMs: number): Promise<void> {
      await db.deleteFrom('instances').where('alive_until', '<', now - graceMs).execute();
    },
  };
}
