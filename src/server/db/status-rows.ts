/**
 * The status tables' rows and the model's envelopes (status-model.ts), both ways, for the status store.
 */
import type { Insertable, Selectable } from 'kysely';
import type { EnvelopeState } from '../../shared/status-api.ts';
import type { TrackedEnvelope, TrackedRecipient } from '../status-model.ts';
import type { EnvelopeStatusTable, RecipientStatusTable } from './schema.ts';

const opt = <K extends string, T>(key: K, value: T | null): { [P in K]?: T } => (value === null ? {} : ({ [key]: value } as { [P in K]: T }));
const n = <T>(x: T | undefined): T | null => x ?? null;

export function fromRows(e: Selectable<EnvelopeStatusTable>, recipients: Selectable<RecipientStatusTable>[]): TrackedEnvelope {
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

/** Recipients in DocuSign's order: routing order, then the numeric prefix of the id (as SQLite's CAST). */
export const byOrder = (a: Selectable<RecipientStatusTable>, b: Selectable<RecipientStatusTable>): number =>
  a.routing_order - b.routing_order || (Number.parseInt(a.recipient_id, 10) || 0) - (Number.parseInt(b.recipient_id, 10) || 0);

/** The envelope's columns that Connect changes (the rest are set once, when it is tracked). */
export const ENVELOPE_CHANGING = ['status', 'sent_at', 'delivered_at', 'completed_at', 'declined_at', 'voided_at', 'voided_reason', 'updated_at'] as const;
/** The recipient's columns that Connect changes. */
export const RECIPIENT_CHANGING = ['name', 'email', 'status', 'sent_at', 'delivered_at', 'completed_at', 'declined_at', 'declined_reason'] as const;

export const envelopeRow = (e: TrackedEnvelope): Insertable<EnvelopeStatusTable> => ({
  tenant: e.tenant,
  principal: e.principal,
  account_id: e.accountId,
  envelope_id: e.envelopeId,
  subject: e.subject,
  source_url: n(e.source?.url),
  source_title: n(e.source?.title),
  documents: JSON.stringify(e.documents),
  status: e.status,
  sent_at: n(e.sentAt),
  delivered_at: n(e.deliveredAt),
  completed_at: n(e.completedAt),
  declined_at: n(e.declinedAt),
  voided_at: n(e.voidedAt),
  voided_reason: n(e.voidedReason),
  updated_at: e.updatedAt,
});

export const recipientRow = (envelopeId: string, r: TrackedRecipient): Insertable<RecipientStatusTable> => ({
  envelope_id: envelopeId,
  recipient_id: r.recipientId,
  kind: r.kind,
  routing_order: r.routingOrder,
  name: r.name,
  email: r.email,
  status: r.status,
  sent_at: n(r.sentAt),
  delivered_at: n(r.deliveredAt),
  completed_at: n(r.completedAt),
  declined_at: n(r.declinedAt),
  declined_reason: n(r.declinedReason),
});

/**
 * `items` in runs of at most `size`: one multi-row statement per run stays under the databases' bound
 * parameters per statement (SQLite 32,766, PostgreSQL 65,535).
 */
export function runsOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
