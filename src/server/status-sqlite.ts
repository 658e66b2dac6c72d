/**
 * The SQLite implementation of `StatusStore` (better-sqlite3). Each batch of Connect updates is one
 * transaction: read the envelope, merge (status-model.ts), write it back and log the message; SQLite's
 * default `synchronous=FULL` makes the commit durable before the caller acknowledges DocuSign. Its tables
 * come from migration 5 (migrations.ts).
 */
import type Database from 'better-sqlite3';
import type { EnvelopeState } from '../shared/status-api.ts';
import { mergeStatus, type StatusUpdate, type TrackedEnvelope, type TrackedRecipient } from './status-model.ts';
import type { ApplyResult, StatusStore } from './status-store.ts';

interface EnvelopeRaw {
  tenant: string;
  principal: string;
  account_id: string;
  envelope_id: string;
  subject: string;
  source_url: string | null;
  source_title: string | null;
  documents: string;
  status: string;
  sent_at: number | null;
  delivered_at: number | null;
  completed_at: number | null;
  declined_at: number | null;
  voided_at: number | null;
  voided_reason: string | null;
  updated_at: number;
}

interface RecipientRaw {
  envelope_id: string;
  recipient_id: string;
  kind: 'signer' | 'carbonCopy';
  name: string;
  email: string;
  routing_order: number;
  status: string;
  sent_at: number | null;
  delivered_at: number | null;
  completed_at: number | null;
  declined_at: number | null;
  declined_reason: string | null;
}

const opt = <K extends string, T>(key: K, value: T | null): { [P in K]?: T } => (value === null ? {} : ({ [key]: value } as { [P in K]: T }));

function fromRaw(e: EnvelopeRaw, recipients: RecipientRaw[]): TrackedEnvelope {
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

const RECIPIENT_NULLS = { sentAt: null, deliveredAt: null, completedAt: null, declinedAt: null, declinedReason: null };

/** A stable digest of an update (what it says, not how DocuSign wrapped it: a retry changes `retryCount`). */
const digestOf = (u: StatusUpdate): string => JSON.stringify([u.at, u.status ?? '', u.times, u.recipients, u.voidedReason ?? '']);

export function createSqliteStatusStore(db: Database.Database): StatusStore {
  const selectEnvelope = db.prepare<[string], EnvelopeRaw>('SELECT * FROM envelope_status WHERE envelope_id = ?');
  const selectRecipients = db.prepare<[string], RecipientRaw>('SELECT * FROM recipient_status WHERE envelope_id = ? ORDER BY routing_order, CAST(recipient_id AS INTEGER)');
  const upsertEnvelope = db.prepare(`
    INSERT INTO envelope_status (tenant, principal, account_id, envelope_id, subject, source_url, source_title, documents, status,
      sent_at, delivered_at, completed_at, declined_at, voided_at, voided_reason, updated_at)
    VALUES (@tenant, @principal, @accountId, @envelopeId, @subject, @sourceUrl, @sourceTitle, @documents, @status,
      @sentAt, @deliveredAt, @completedAt, @declinedAt, @voidedAt, @voidedReason, @updatedAt)
    ON CONFLICT (envelope_id) DO UPDATE SET status = excluded.status, sent_at = excluded.sent_at,
      delivered_at = excluded.delivered_at, completed_at = excluded.completed_at, declined_at = excluded.declined_at,
      voided_at = excluded.voided_at, voided_reason = excluded.voided_reason, updated_at = excluded.updated_at`);
  const upsertRecipient = db.prepare(`
    INSERT INTO recipient_status (envelope_id, recipient_id, kind, name, email, routing_order, status, sent_at, delivered_at,
      completed_at, declined_at, declined_reason)
    VALUES (@envelopeId, @recipientId, @kind, @name, @email, @routingOrder, @status, @sentAt, @deliveredAt, @completedAt,
      @declinedAt, @declinedReason)
    ON CONFLICT (envelope_id, recipient_id) DO UPDATE SET name = excluded.name, email = excluded.email, status = excluded.status,
      sent_at = excluded.sent_at, delivered_at = excluded.delivered_at, completed_at = excluded.completed_at,
      declined_at = excluded.declined_at, declined_reason = excluded.declined_reason`);
  const logEvent = db.prepare(
    'INSERT OR IGNORE INTO connect_events (account_id, envelope_id, generated_at, digest, received_at, changed) VALUES (?, ?, ?, ?, ?, ?)',
  );

  const read = (envelopeId: string): TrackedEnvelope | undefined => {
    const e = selectEnvelope.get(envelopeId);
    return e === undefined ? undefined : fromRaw(e, selectRecipients.all(envelopeId));
  };
  const write = (e: TrackedEnvelope): void => {
    const n = <T>(x: T | undefined): T | null => x ?? null;
    upsertEnvelope.run({
      tenant: e.tenant,
      principal: e.principal,
      accountId: e.accountId,
      envelopeId: e.envelopeId,
      subject: e.subject,
      sourceUrl: n(e.source?.url),
      sourceTitle: n(e.source?.title),
      documents: JSON.stringify(e.documents),
      status: e.status,
      sentAt: n(e.sentAt),
      deliveredAt: n(e.deliveredAt),
      completedAt: n(e.completedAt),
      declinedAt: n(e.declinedAt),
      voidedAt: n(e.voidedAt),
      voidedReason: n(e.voidedReason),
      updatedAt: e.updatedAt,
    });
    // Optional fields are bound as NULL: every named parameter must be present.
    for (const r of e.recipients) upsertRecipient.run({ ...RECIPIENT_NULLS, ...r, envelopeId: e.envelopeId });
  };

  const track = db.transaction((e: TrackedEnvelope) => {
    const existing = read(e.envelopeId);
    if (existing === undefined) return write(e);
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
    const merged = mergeStatus({ ...e }, known, e.updatedAt);
    write(merged.envelope);
  });

  const apply = db.transaction((updates: readonly StatusUpdate[], now: number): ApplyResult[] =>
    updates.map((u) => {
      const current = read(u.envelopeId);
      if (current === undefined || current.accountId !== u.accountId) return { kind: 'unknown' };
      const { envelope, changed } = mergeStatus(current, u, now);
      if (changed) write(envelope);
      logEvent.run(u.accountId, u.envelopeId, u.at, digestOf(u), now, changed ? 1 : 0);
      return { kind: 'applied', changed, envelope };
    }),
  );

  return {
    // better-sqlite3 is synchronous; the interface is not, so that another database can implement it.
    track: (e) => Promise.resolve(track.immediate({ ...e, accountId: e.accountId.toLowerCase(), envelopeId: e.envelopeId.toLowerCase() })),
    apply: (updates, now) => Promise.resolve(apply.immediate(updates, now)),
    get: (envelopeId) => Promise.resolve(read(envelopeId.toLowerCase())),
    list: (q) => {
      const clauses = ['tenant = @tenant'];
      if (!q.wholeTenant) clauses.push('principal = @principal');
      if (q.sourceUrl !== undefined) clauses.push('source_url = @sourceUrl');
      const rows = db
        .prepare<Record<string, string | number>, EnvelopeRaw>(`SELECT * FROM envelope_status WHERE ${clauses.join(' AND ')} ORDER BY updated_at DESC LIMIT @limit`)
        .all({ tenant: q.owner.tenant, principal: q.owner.principal, ...(q.sourceUrl !== undefined ? { sourceUrl: q.sourceUrl } : {}), limit: q.limit });
      return Promise.resolve(rows.map((e) => fromRaw(e, selectRecipients.all(e.envelope_id))));
    },
  };
}
