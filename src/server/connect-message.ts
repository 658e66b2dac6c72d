/**
 * Reads DocuSign's JSON SIM Connect message (https://developers.docusign.com/platform/webhooks/connect/json-sim-event-model;
 * sample document `connect.schema-v2.json` in docusign/OpenAPI-Specifications) into a `StatusUpdate`.
 * Unknown fields are ignored (DocuSign adds fields over time); the ones read are bounded.
 *
 * With `eventData.includeData: ["recipients"]` the message carries an `envelopeSummary`, a snapshot of
 * the envelope and its recipients; without it only the event name and the recipient id say what happened.
 */
import * as v from 'valibot';
import { ENVELOPE_STATES, RECIPIENT_STATES, type EnvelopeState, type RecipientState } from '../shared/status-api.ts';
import type { RecipientUpdate, StatusUpdate, Times } from './status-model.ts';

const Guid = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i));
const Text = v.optional(v.pipe(v.string(), v.maxLength(500)));
const DateText = v.optional(v.pipe(v.string(), v.maxLength(40)));

const Recipient = v.object({
  recipientId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  name: Text,
  email: Text,
  routingOrder: v.optional(v.pipe(v.string(), v.maxLength(100))),
  status: Text,
  sentDateTime: DateText,
  deliveredDateTime: DateText,
  signedDateTime: DateText,
  declinedDateTime: DateText,
  declinedReason: Text,
});

const Summary = v.object({
  status: Text,
  emailSubject: Text,
  sentDateTime: DateText,
  deliveredDateTime: DateText,
  completedDateTime: DateText,
  declinedDateTime: DateText,
  voidedDateTime: DateText,
  voidedReason: Text,
  statusChangedDateTime: DateText,
  recipients: v.optional(
    v.object({
      signers: v.optional(v.pipe(v.array(Recipient), v.maxLength(100))),
      carbonCopies: v.optional(v.pipe(v.array(Recipient), v.maxLength(100))),
    }),
  ),
});

export const ConnectMessage = v.object({
  event: v.pipe(v.string(), v.maxLength(100)),
  generatedDateTime: v.pipe(v.string(), v.maxLength(40)),
  data: v.object({ accountId: Guid, envelopeId: Guid, recipientId: v.optional(v.string()), envelopeSummary: v.optional(Summary) }),
});

/** Only the account id, to pick the keys that verify the signature (read before the signature is checked). */
const AccountOnly = v.object({ data: v.object({ accountId: Guid }) });

export function accountIdOf(body: unknown): string | undefined {
  const parsed = v.safeParse(AccountOnly, body);
  return parsed.success ? parsed.output.data.accountId.toLowerCase() : undefined;
}

const time = (s: string | undefined): number | undefined => {
  if (s === undefined || s === '') return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
};
const envelopeState = (s: string | undefined): EnvelopeState | undefined => {
  const l = s?.toLowerCase();
  // DocuSign's `signed` envelope status is transitional: all signers done, completion pending.
  if (l === 'signed') return 'delivered';
  return (ENVELOPE_STATES as readonly string[]).includes(l ?? '') ? (l as EnvelopeState) : undefined;
};
const recipientState = (s: string | undefined): RecipientState | undefined => {
  const l = s?.toLowerCase();
  if (l === 'signed') return 'completed';
  return (RECIPIENT_STATES as readonly string[]).includes(l ?? '') ? (l as RecipientState) : undefined;
};

function recipientUpdate(r: v.InferOutput<typeof Recipient>, kind: 'signer' | 'carbonCopy'): RecipientUpdate {
  const out: RecipientUpdate = { recipientId: r.recipientId, kind };
  if (r.name !== undefined) out.name = r.name.slice(0, 300);
  if (r.email !== undefined) out.email = r.email.slice(0, 300);
  const order = Number(r.routingOrder);
  if (Number.isInteger(order) && order > 0) out.routingOrder = order;
  const status = recipientState(r.status);
  if (status !== undefined) out.status = status;
  const set = (k: 'sentAt' | 'deliveredAt' | 'completedAt' | 'declinedAt', value: string | undefined) => {
    const t = time(value);
    if (t !== undefined) out[k] = t;
  };
  set('sentAt', r.sentDateTime);
  set('deliveredAt', r.deliveredDateTime);
  set('completedAt', r.signedDateTime);
  set('declinedAt', r.declinedDateTime);
  if (r.declinedReason) out.declinedReason = r.declinedReason.slice(0, 300);
  return out;
}

const TIME_OF: Record<EnvelopeState, keyof Times> = { sent: 'sentAt', delivered: 'deliveredAt', completed: 'completedAt', declined: 'declinedAt', voided: 'voidedAt' };

const RECIPIENT_TIME_OF: Record<RecipientState, 'sentAt' | 'deliveredAt' | 'completedAt' | 'declinedAt' | undefined> = {
  created: undefined,
  sent: 'sentAt',
  delivered: 'deliveredAt',
  completed: 'completedAt',
  declined: 'declinedAt',
};

/** The update a verified message carries, or `undefined` when it is not a message this server reads. */
export function readConnectMessage(body: unknown): StatusUpdate | undefined {
  const parsed = v.safeParse(ConnectMessage, body);
  if (!parsed.success) return undefined;
  const { event, data } = parsed.output;
  const at = time(parsed.output.generatedDateTime);
  if (at === undefined) return undefined;
  const summary = data.envelopeSummary;
  const times: Times = {};
  const [scope, what] = event.toLowerCase().split('-', 2);
  let status = envelopeState(summary?.status);
  if (status === undefined && scope === 'envelope') status = envelopeState(what);
  if (summary) {
    const pairs: [keyof Times, string | undefined][] = [
      ['sentAt', summary.sentDateTime],
      ['deliveredAt', summary.deliveredDateTime],
      ['completedAt', summary.completedDateTime],
      ['declinedAt', summary.declinedDateTime],
      ['voidedAt', summary.voidedDateTime],
    ];
    for (const [k, s] of pairs) {
      const t = time(s);
      if (t !== undefined) times[k] = t;
    }
  }
  // The time of the status the message reports: its own field, else when the status changed, else when sent.
  if (status !== undefined) times[TIME_OF[status]] ??= time(summary?.statusChangedDateTime) ?? at;
  const recipients = [
    ...(summary?.recipients?.signers ?? []).map((r) => recipientUpdate(r, 'signer')),
    ...(summary?.recipients?.carbonCopies ?? []).map((r) => recipientUpdate(r, 'carbonCopy')),
  ];
  // Without a snapshot, a recipient event still says what happened to that recipient.
  const rid = data.recipientId;
  const rState = scope === 'recipient' ? recipientState(what) : undefined;
  if (rid !== undefined && rid.length <= 100 && rState !== undefined && !recipients.some((r) => r.recipientId === rid)) {
    const key = RECIPIENT_TIME_OF[rState];
    recipients.push({ recipientId: rid, status: rState, ...(key !== undefined ? { [key]: at } : {}) });
  }
  return {
    accountId: data.accountId.toLowerCase(),
    envelopeId: data.envelopeId.toLowerCase(),
    at,
    ...(status !== undefined ? { status } : {}),
    times,
    ...(summary?.voidedReason ? { voidedReason: summary.voidedReason.slice(0, 300) } : {}),
    recipients,
  };
}
