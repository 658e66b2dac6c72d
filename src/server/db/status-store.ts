/**
 * `StatusStore` through Kysely, for SQLite and PostgreSQL alike. Each batch of Connect updates is one
 * transaction: read the envelope, merge (status-model.ts), write it back and log the message; the commit
 * is durable before the caller acknowledges DocuSign. On PostgreSQL the read locks the envelope's row
 * (`FOR UPDATE`), so two instances applying messages for one envelope at once do not lose either; SQLite
 * has one writer at a time, and the transaction takes the write lock first (`BEGIN IMMEDIATE`: a read
 * transaction that later writes would fail with SQLITE_BUSY instead of waiting). Its tables come from migration 6 (migrations.ts).
 */
import type { Kysely, Selectable } from 'kysely';
import type { EnvelopeState } from '../../shared/status-api.ts';
import { mergeStatus, type StatusUpdate, type TrackedEnvelope, type TrackedRecipient } from '../status-model.ts';
import type { ApplyResult, StatusStore } from '../status-store.ts';
import type { DialectName } from './connect.ts';
import { immediateTransaction } from './migrate.ts';
import type { EnvelopeStatusTable, RecipientStatusTable, Tables } from './schema.ts';

const opt = <K extends string, T>(key: K, value: T | null): { [P in K]?: T } => (value === null ? {} : ({ [key]: value } as { [P in K]: T }));

function fromRaw(e: Selectable<EnvelopeStatusTable>, recipients: Selectable<RecipientStatusTable>[]): TrackedEnvelope {
  return {
    tenant: e.tenant,
    principal: e.principal,
    accountId: e.account_id,
    envelopeId: e.envelope_id,
    subject: e.subject,
    ...(e.source_url !== null ? { source: { url: e.source_url, ...opt('title', e.source_title) } } : {}),
    documents: JSON.parse(e.documents) as string[],
    status: e.status as EnvelopeState,
    ...opt('sentAt', e.sent_at),
    ...opt('deliveredAt', e.delivered_at),
    ...opt('completedAt', e.completed_at),
    ...opt('declinedAt', e.declined_at),
    ...opt('voidedAt', e.voided_at),
    ...opt('voidedReason', e.voided_reason),
    updatedAt: e.updated_at,
    recipients: recipients.map(
      (r): TrackedRecipient => ({
        recipientId: r.recipient_id,
        kind: r.kind,
        name: r.name,
        email: r.email,
        routingOrder: r.routing_order,
        status: r.status as TrackedRecipient['status'],
        ...opt('sentAt', r.sent_at),
        ...opt('deliveredAt', r.delivered_at),
        ...opt('completedAt', r.completed_at),
        ...opt('declinedAt', r.declined_at),
        ...opt('declinedReason', r.declined_reason),
      }),
    ),
  };
}

/** A stable digest of an update (what it says, not how DocuSign wrapped it: a retry changes `retryCount`). */
const digestOf = (u: StatusUpdate): string => JSON.stringify([u.at, u.status ?? '', u.times, u.recipients, u.voidedReason ?? '']);

/** Recipients in DocuSign's order: routing order, then the numeric prefix of the id (as SQLite's CAST). */
const byOrder = (a: Selectable<RecipientStatusTable>, b: Selectable<RecipientStatusTable>): number =>
  a.routing_order - b.routing_order || (Number.parseInt(a.recipient_id, 10) || 0) - (Number.parseInt(b.recipient_id, 10) || 0);

/** Runs `run` in one transaction that holds the write lock (or the rows it locks) from its start. */
export function inWriteTransaction<T>(db: Kysely<Tables>, dialect: DialectName, run: (trx: Kysely<Tables>) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(run);
  return db.connection().execute((conn) => immediateTransaction(conn, () => run(conn)));
}

/** `trackWith`: `track` inside a transaction the caller holds (Store.recordSend), resolving with the status as stored. */
export type SqlStatusStore = StatusStore & { trackWith(trx: Kysely<Tables>, e: TrackedEnvelope): Promise<TrackedEnvelope | undefined> };

export function sqlStatusStore(db: Kysely<Tables>, dialect: DialectName): SqlStatusStore {
  const recipientsOf = async (q: Kysely<Tables>, envelopeId: string) =>
    (await q.selectFrom('recipient_status').selectAll().where('envelope_id', '=', envelopeId).execute()).sort(byOrder);

  const read = async (q: Kysely<Tables>, envelopeId: string, lock: boolean): Promise<TrackedEnvelope | undefined> => {
    let select = q.selectFrom('envelope_status').selectAll().where('envelope_id', '=', envelopeId);
    if (lock && dialect === 'postgres') select = select.forUpdate();
    const e = await select.executeTakeFirst();
    return e === undefined ? undefined : fromRaw(e, await recipientsOf(q, envelopeId));
  };

  const write = async (trx: Kysely<Tables>, e: TrackedEnvelope): Promise<void> => {
    const n = <T>(x: T | undefined): T | null => x ?? null;
    const changing = {
      status: e.status,
      sent_at: n(e.sentAt),
      delivered_at: n(e.deliveredAt),
      completed_at: n(e.completedAt),
      declined_at: n(e.declinedAt),
      voided_at: n(e.voidedAt),
      voided_reason: n(e.voidedReason),
      updated_at: e.updatedAt,
    };
    await trx
      .insertInto('envelope_status')
      .values({
        tenant: e.tenant,
        principal: e.principal,
        account_id: e.accountId,
        envelope_id: e.envelopeId,
        subject: e.subject,
        source_url: n(e.source?.url),
        source_title: n(e.source?.title),
        documents: JSON.stringify(e.documents),
        ...changing,
      })
      .onConflict((oc) => oc.column('envelope_id').doUpdateSet(changing))
      .execute();
    for (const r of e.recipients) {
      const recipient = {
        name: r.name,
        email: r.email,
        status: r.status,
        sent_at: n(r.sentAt),
        delivered_at: n(r.deliveredAt),
        completed_at: n(r.completedAt),
        declined_at: n(r.declinedAt),
        declined_reason: n(r.declinedReason),
      };
      await trx
        .insertInto('recipient_status')
        .values({ envelope_id: e.envelopeId, recipient_id: r.recipientId, kind: r.kind, routing_order: r.routingOrder, ...recipient })
        .onConflict((oc) => oc.columns(['envelope_id', 'recipient_id']).doUpdateSet(recipient))
        .execute();
    }
  };

  const track = async (trx: Kysely<Tables>, e: TrackedEnvelope): Promise<void> => {
    const existing = await read(trx, e.envelopeId, true);
    if (existing === undefined) return write(trx, e);
    // A repeated track (a replayed send) must not undo what Connect already taught.
    const known = {
      accountId: e.accountId,
      envelopeId: e.envelopeId,
      at: existing.updatedAt,
      status: existing.status,
      times: existing,
      recipients: existing.recipients,
      ...(existing.voidedReason !== undefined ? { voidedReason: existing.voidedReason } : {}),
    };
    return write(trx, mergeStatus({ ...e }, known, e.updatedAt).envelope);
  };
  const lowered = (e: TrackedEnvelope): TrackedEnvelope => ({ ...e, accountId: e.accountId.toLowerCase(), envelopeId: e.envelopeId.toLowerCase() });

  const apply = (updates: readonly StatusUpdate[], now: number) =>
    inWriteTransaction(db, dialect, async (trx) => {
      const results: ApplyResult[] = [];
      for (const u of updates) {
        const current = await read(trx, u.envelopeId, true);
        if (current === undefined || current.accountId !== u.accountId) {
          results.push({ kind: 'unknown' });
          continue;
        }
        const { envelope, changed } = mergeStatus(current, u, now);
        if (changed) await write(trx, envelope);
        await trx
          .insertInto('connect_events')
          .values({ account_id: u.accountId, envelope_id: u.envelopeId, generated_at: u.at, digest: digestOf(u), received_at: now, changed: changed ? 1 : 0 })
          .onConflict((oc) => oc.columns(['envelope_id', 'digest']).doNothing())
          .execute();
        results.push({ kind: 'applied', changed, envelope });
      }
      return results;
    });

  return {
    track: (e) => inWriteTransaction(db, dialect, (trx) => track(trx, lowered(e))),
    async trackWith(trx, e) {
      await track(trx, lowered(e));
      return read(trx, e.envelopeId.toLowerCase(), false);
    },
    apply,
    get: (envelopeId) => read(db, envelopeId.toLowerCase(), false),
    async list(q) {
      let select = db.selectFrom('envelope_status').selectAll().where('tenant', '=', q.owner.tenant);
      if (!q.wholeTenant) select = select.where('principal', '=', q.owner.principal);
      if (q.sourceUrl !== undefined) select = select.where('source_url', '=', q.sourceUrl);
      const rows = await select.orderBy('updated_at', 'desc').limit(q.limit).execute();
      return Promise.all(rows.map(async (e) => fromRaw(e, await recipientsOf(db, e.envelope_id))));
    },
  };
}
