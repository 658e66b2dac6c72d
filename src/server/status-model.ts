/**
 * Envelope status as the server keeps it, and the one rule that makes Connect safe to replay: merging
 * is a join. States only move forward (an envelope never goes back from completed to sent), each time
 * is kept once known (the earliest wins), so the same message twice, or messages in any order, end in
 * the same state.
 */
import type { EnvelopeState, EnvelopeStatusView, RecipientState } from '../shared/status-api.ts';

export type Times = { sentAt?: number; deliveredAt?: number; completedAt?: number; declinedAt?: number; voidedAt?: number };

export interface TrackedRecipient {
  recipientId: string;
  kind: 'signer' | 'carbonCopy';
  name: string;
  email: string;
  routingOrder: number;
  status: RecipientState;
  sentAt?: number;
  deliveredAt?: number;
  completedAt?: number;
  declinedAt?: number;
  declinedReason?: string;
}

/** Whose envelope: the tenant, and the principal (user or member) who sent it. */
export interface Owner {
  tenant: string;
  principal: string;
}

export interface TrackedEnvelope extends Owner, Times {
  accountId: string;
  envelopeId: string;
  subject: string;
  source?: { url: string; title?: string };
  documents: string[];
  status: EnvelopeState;
  voidedReason?: string;
  updatedAt: number;
  recipients: TrackedRecipient[];
}

/** What one Connect message (or one of our own actions) says about an envelope. */
export interface StatusUpdate {
  accountId: string;
  envelopeId: string;
  /** When DocuSign generated the message. */
  at: number;
  status?: EnvelopeState;
  times: Times;
  voidedReason?: string;
  recipients: RecipientUpdate[];
}

export interface RecipientUpdate {
  recipientId: string;
  kind?: 'signer' | 'carbonCopy';
  name?: string;
  email?: string;
  routingOrder?: number;
  status?: RecipientState;
  sentAt?: number;
  deliveredAt?: number;
  completedAt?: number;
  declinedAt?: number;
  declinedReason?: string;
}

// Terminal states share the top rank's neighbourhood; DocuSign never reports two of them for one
// envelope, and a fixed order keeps the merge commutative if it ever did.
const ENVELOPE_RANK: Record<EnvelopeState, number> = { sent: 1, delivered: 2, completed: 3, declined: 4, voided: 5 };
const RECIPIENT_RANK: Record<RecipientState, number> = { created: 0, sent: 1, delivered: 2, completed: 3, declined: 4 };

const later = <S extends string>(rank: Record<S, number>, a: S, b: S | undefined): S => (b !== undefined && rank[b] > rank[a] ? b : a);
const earliest = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
/**
 * Of two reasons, the smaller: DocuSign reports one void or decline reason per envelope and recipient,
 * and should two ever differ, a minimum keeps the merge independent of arrival order.
 */
const firstReason = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b;
const TIME_KEYS = ['sentAt', 'deliveredAt', 'completedAt', 'declinedAt', 'voidedAt'] as const;

function mergeTimes<T extends Times>(into: T, from: Times): T {
  const out = { ...into };
  for (const k of TIME_KEYS) {
    const t = earliest(into[k], from[k]);
    if (t !== undefined) out[k] = t;
  }
  return out;
}

function mergeRecipient(current: TrackedRecipient | undefined, u: RecipientUpdate): TrackedRecipient {
  const base: TrackedRecipient = current ?? {
    recipientId: u.recipientId,
    kind: u.kind ?? 'signer',
    name: u.name ?? '',
    email: u.email ?? '',
    routingOrder: u.routingOrder ?? 1,
    status: 'created',
  };
  const out = mergeTimes({ ...base, status: later(RECIPIENT_RANK, base.status, u.status) }, u);
  if (!base.name && u.name) out.name = u.name;
  if (!base.email && u.email) out.email = u.email;
  const reason = firstReason(base.declinedReason, u.declinedReason);
  if (reason !== undefined) out.declinedReason = reason;
  return out;
}

/** The envelope after `u`; `changed` is false when `u` taught nothing new (a duplicate or an older message). */
export function mergeStatus(current: TrackedEnvelope, u: StatusUpdate, now: number): { envelope: TrackedEnvelope; changed: boolean } {
  const recipients = current.recipients.map((r) => ({ ...r }));
  for (const ru of u.recipients) {
    const i = recipients.findIndex((r) => r.recipientId === ru.recipientId);
    if (i >= 0) recipients[i] = mergeRecipient(recipients[i], ru);
    else recipients.push(mergeRecipient(undefined, ru));
  }
  recipients.sort((a, b) => a.routingOrder - b.routingOrder || Number(a.recipientId) - Number(b.recipientId));
  const next: TrackedEnvelope = mergeTimes({ ...current, status: later(ENVELOPE_RANK, current.status, u.status), recipients }, u.times);
  const reason = firstReason(current.voidedReason, u.voidedReason);
  if (reason !== undefined) next.voidedReason = reason;
  const changed = JSON.stringify({ ...next, updatedAt: 0 }) !== JSON.stringify({ ...current, updatedAt: 0 });
  return { envelope: changed ? { ...next, updatedAt: now } : current, changed };
}

/** The API view (ISO instants). */
export function toView(e: TrackedEnvelope): EnvelopeStatusView {
  const at = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const times = (t: Times & { declinedReason?: string }) =>
    Object.fromEntries(TIME_KEYS.filter((k) => t[k] !== undefined).map((k) => [k, at(t[k])])) as Partial<Record<(typeof TIME_KEYS)[number], string>>;
  return {
    envelopeId: e.envelopeId,
    accountId: e.accountId,
    subject: e.subject,
    ...(e.source ? { source: e.source } : {}),
    documents: e.documents,
    status: e.status,
    ...times(e),
    ...(e.voidedReason !== undefined ? { voidedReason: e.voidedReason } : {}),
    updatedAt: new Date(e.updatedAt).toISOString(),
    recipients: e.recipients.map((r) => ({
      recipientId: r.recipientId,
      kind: r.kind,
      name: r.name,
      email: r.email,
      routingOrder: r.routingOrder,
      status: r.status,
      ...times(r),
      ...(r.declinedReason !== undefined ? { declinedReason: r.declinedReason } : {}),
    })),
  };
}
