/**
 * Envelope status as SignBridge's server reports it (`GET /v1/envelopes`, `GET /v1/envelopes/{id}`,
 * the `GET /v1/envelope-events` stream), learnt from DocuSign Connect, never by polling DocuSign.
 * Declared once for the server and the extension (which validates the answers with these schemas).
 */
import * as v from 'valibot';

export const ENVELOPE_STATES = ['sent', 'delivered', 'completed', 'declined', 'voided'] as const;
export type EnvelopeState = (typeof ENVELOPE_STATES)[number];
export const RECIPIENT_STATES = ['created', 'sent', 'delivered', 'completed', 'declined'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

const Instant = v.pipe(v.string(), v.isoTimestamp());
const Short = v.pipe(v.string(), v.maxLength(300));

export const RecipientStatusView = v.object({
  recipientId: v.pipe(v.string(), v.maxLength(20)),
  kind: v.picklist(['signer', 'carbonCopy']),
  name: Short,
  email: Short,
  routingOrder: v.number(),
  status: v.picklist(RECIPIENT_STATES),
  sentAt: v.optional(Instant),
  deliveredAt: v.optional(Instant),
  completedAt: v.optional(Instant),
  declinedAt: v.optional(Instant),
  declinedReason: v.optional(Short),
});
export type RecipientStatusView = v.InferOutput<typeof RecipientStatusView>;

export const EnvelopeStatusView = v.object({
  envelopeId: v.pipe(v.string(), v.maxLength(36)),
  accountId: v.pipe(v.string(), v.maxLength(36)),
  subject: Short,
  /** The page the documents were sent from (origin and path), and its title. */
  source: v.optional(v.object({ url: v.pipe(v.string(), v.maxLength(2048)), title: v.optional(Short) })),
  documents: v.array(Short),
  status: v.picklist(ENVELOPE_STATES),
  sentAt: v.optional(Instant),
  deliveredAt: v.optional(Instant),
  completedAt: v.optional(Instant),
  declinedAt: v.optional(Instant),
  voidedAt: v.optional(Instant),
  voidedReason: v.optional(Short),
  /** When SignBridge last learnt something about this envelope. */
  updatedAt: Instant,
  recipients: v.array(RecipientStatusView),
});
export type EnvelopeStatusView = v.InferOutput<typeof EnvelopeStatusView>;

export const EnvelopeListResponse = v.object({ envelopes: v.array(EnvelopeStatusView) });
export type EnvelopeListResponse = v.InferOutput<typeof EnvelopeListResponse>;

/** POST /v1/envelopes/{id}/void. DocuSign keeps at most 200 characters of the reason. */
export const VoidRequest = v.strictObject({ reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'give a reason'), v.maxLength(200)) });
export type VoidRequest = v.InferOutput<typeof VoidRequest>;

/** POST /v1/envelopes/{id}/reminders answers the recipients DocuSign e-mailed again. */
export interface ReminderResponse {
  reminded: string[];
}

/** Server-sent events on `GET /v1/envelope-events`: `event: envelope`, `data:` one EnvelopeStatusView. */
export const ENVELOPE_EVENT = 'envelope';
