/**
 * `StatusStore` through Kysely, for SQLite and PostgreSQL alike. Each batch of Connect updates (the
 * group commit of status-ingest.ts) is one transaction of a few statements whatever its size: read all
 * its envelopes and their recipients, merge every update in arrival order in memory (status-model.ts:
 * a duplicate or an older message inside the batch merges like one across batches), write each changed
 * envelope once and log the messages, in multi-row statements; the commit is durable before any caller
 * acknowledges DocuSign. On PostgreSQL the read locks the envelopes' rows (`FOR UPDATE`, in envelope id
 * order so that two batches cannot deadlock), so two instances applying messages for one envelope at
 * once do not lose either; SQLite has one writer at a time, and the transaction takes the write lock
 * first (`BEGIN IMMEDIATE`: a read transaction that later writes would fail with SQLITE_BUSY instead of
 * waiting). Its tables come from migration 6 (migrations.ts).
 */
import type { Kysely, Selectable } from 'kysely';
import { mergeStatus, type StatusUpdate, type TrackedEnvelope } from '../status-model.ts';
import type { ApplyResult, StatusStore } from '../status-store.ts';
import type { DialectName } from './connect.ts';
import { immediateTransaction } from './migrate.ts';
import type { RecipientStatusTable, Tables } from './schema.ts';
import { byOrder, envelopeRow, fromRows, recipientRow, runsOf } from './status-rows.ts';

/** A stable digest of an update (what it says, not how DocuSign wrapped it: a retry changes `retryCount`). */
const digestOf = (u: StatusUpdate): string => JSON.stringify([u.at, u.status ?? '', u.times, u.recipients, u.voidedReason ?? '']);

/** Envelope ids per `IN (...)` list, and rows per multi-row insert (under the bound-parameter limits). */
const IDS_PER_QUERY = 500;
const ROWS_PER_INSERT = 1000;
const NO_RECIPIENTS: ReadonlyMap<string, Selectable<RecipientStatusTable>[]> = new Map();

/** Runs `run` in one transaction that holds the write lock (or the rows it locks) from its start. */
export function inWriteTransaction<T>(db: Kysely<Tables>, dialect: DialectName, run: (trx: Kysely<Tables>) => Promise<T>): Promise<T> {
  if (dialect === 'postgres') return db.transaction().execute(run);
  return db.connection().execute((conn) => immediateTransaction(conn, () => run(conn)));
}

/** `trackWith`: `track` inside a transaction the caller holds (Store.recordSend), resolving with the status as stored. */
export type SqlStatusStore = StatusStore & { trackWith(trx: Kysely<Tables>, e: TrackedEnvelope): Promise<TrackedEnvelope | undefined> };

export function sqlStatusStore(db: Kysely<Tables>, dialect: DialectName): SqlStatusStore {
  /** Each envelope's recipients, in DocuSign's order. */
  const recipientsOf = async (q: Kysely<Tables>, envelopeIds: readonly string[]) => {
    const out = new Map<string, Selectable<RecipientStatusTable>[]>();
    for (const run of runsOf(envelopeIds, IDS_PER_QUERY)) {
      for (const r of await q.selectFrom('recipient_status').selectAll().where('envelope_id', 'in', run).execute()) {
        const list = out.get(r.envelope_id) ?? [];
        list.push(r);
        out.set(r.envelope_id, list);
      }
    }
    for (const list of out.values()) list.sort(byOrder);
    return out;
  };

  /** The envelopes by id (`lock`: their rows locked until the transaction ends, on PostgreSQL). */
  const readMany = async (q: Kysely<Tables>, envelopeIds: readonly string[], lock: boolean): Promise<Map<string, TrackedEnvelope>> => {
    const ids = [...new Set(envelopeIds)].sort();
    const rows: Selectable<Tables['envelope_status']>[] = [];
    for (const run of runsOf(ids, IDS_PER_QUERY)) {
      let select = q.selectFrom('envelope_status').selectAll().where('envelope_id', 'in', run).orderBy('envelope_id');
      if (lock && dialect === 'postgres') select = select.forUpdate();
      rows.push(...(await select.execute()));
    }
    const recipients = rows.length === 0 ? NO_RECIPIENTS : await recipientsOf(q, rows.map((e) => e.envelope_id));
    return new Map(rows.map((e) => [e.envelope_id, fromRows(e, recipients.get(e.envelope_id) ?? [])]));
  };

  /** Writes whole envelopes (inserted, or their changing columns updated) in multi-row statements. */
  const writeAll = async (trx: Kysely<Tables>, envelopes: readonly TrackedEnvelope[]): Promise<void> => {
    for (const run of runsOf(envelopes.map(envelopeRow), ROWS_PER_INSERT)) {
      await trx
        .insertInto('envelope_status')
        .values(run)
        .onConflict((oc) =>
          oc.column('envelope_id').doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            sent_at: eb.ref('excluded.sent_at'),
            delivered_at: eb.ref('excluded.delivered_at'),
            completed_at: eb.ref('excluded.completed_at'),
            declined_at: eb.ref('excluded.declined_at'),
            voided_at: eb.ref('excluded.voided_at'),
            voided_reason: eb.ref('excluded.voided_reason'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    }
    const recipients = envelopes.flatMap((e) => e.recipients.map((r) => recipientRow(e.envelopeId, r)));
    for (const run of runsOf(recipients, ROWS_PER_INSERT)) {
      await trx
        .insertInto('recipient_status')
        .values(run)
        .onConflict((oc) =>
          oc.columns(['envelope_id', 'recipient_id']).doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            email: eb.ref('excluded.email'),
            status: eb.ref('excluded.status'),
            sent_at: eb.ref('excluded.sent_at'),
            delivered_at: eb.ref('excluded.delivered_at'),
            completed_at: eb.ref('excluded.completed_at'),
            declined_at: eb.ref('excluded.declined_at'),
            declined_reason: eb.ref('excluded.declined_reason'),
          })),
        )
        .execute();
    }
  };

  const track = async (trx: Kysely<Tables>, e: TrackedEnvelope): Promise<void> => {
    const existing = (await readMany(trx, [e.envelopeId], true)).get(e.envelopeId);
    if (existing === undefined) return writeAll(trx, [e]);
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
    return writeAll(trx, [mergeStatus({ ...e }, known, e.updatedAt).envelope]);
  };
  const lowered = (e: TrackedEnvelope): TrackedEnvelope => ({ ...e, accountId: e.accountId.toLowerCase(), envelopeId: e.envelopeId.toLowerCase() });

  const apply = (updates: readonly StatusUpdate[], now: number) =>
    inWriteTransaction(db, dialect, async (trx) => {
      const working = await readMany(trx, updates.map((u) => u.envelopeId), true);
      const changedEnvelopes = new Map<string, TrackedEnvelope>();
      const events: { account_id: string; envelope_id: string; generated_at: number; digest: string; received_at: number; changed: number }[] = [];
      // In arrival order, each update merged into the state the ones before it left.
      const results = updates.map((u): ApplyResult => {
        const current = working.get(u.envelopeId);
        if (current === undefined || current.accountId !== u.accountId) return { kind: 'unknown' };
        const { envelope, changed } = mergeStatus(current, u, now);
        if (changed) {
          working.set(u.envelopeId, envelope);
          changedEnvelopes.set(u.envelopeId, envelope);
        }
        events.push({ account_id: u.accountId, envelope_id: u.envelopeId, generated_at: u.at, digest: digestOf(u), received_at: now, changed: changed ? 1 : 0 });
        return { kind: 'applied', changed, envelope };
      });
      await writeAll(trx, [...changedEnvelopes.values()]);
      for (const run of runsOf(events, ROWS_PER_INSERT)) {
        await trx.insertInto('connect_events').values(run).onConflict((oc) => oc.columns(['envelope_id', 'digest']).doNothing()).execute();
      }
      return results;
    });

  return {
    track: (e) => inWriteTransaction(db, dialect, (trx) => track(trx, lowered(e))),
    async trackWith(trx, e) {
      await track(trx, lowered(e));
      const id = e.envelopeId.toLowerCase();
      return (await readMany(trx, [id], false)).get(id);
    },
    apply,
    get: async (envelopeId) => (await readMany(db, [envelopeId.toLowerCase()], false)).get(envelopeId.toLowerCase()),
    async list(q) {
      let select = db.selectFrom('envelope_status').selectAll().where('tenant', '=', q.owner.tenant);
      if (!q.wholeTenant) select = select.where('principal', '=', q.owner.principal);
      if (q.sourceUrl !== undefined) select = select.where('source_url', '=', q.sourceUrl);
      const rows = await select.orderBy('updated_at', 'desc').limit(q.limit).execute();
      const recipients = rows.length === 0 ? NO_RECIPIENTS : await recipientsOf(db, rows.map((e) => e.envelope_id));
      return rows.map((e) => fromRows(e, recipients.get(e.envelope_id) ?? []));
    },
  };
}
