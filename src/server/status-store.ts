/**
 * Envelope status learnt from DocuSign Connect, per tenant: the envelopes SignBridge sent (with the page
 * they came from), each recipient's state and times, and a log of the Connect messages applied.
 * Asynchronous like the rest of the store, so another database can implement it.
 */
import type { Owner, StatusUpdate, TrackedEnvelope } from './status-model.ts';

export type ApplyResult =
  /** SignBridge did not send this envelope: acknowledged and ignored. */
  | { kind: 'unknown' }
  /** Applied; `changed` is false for a duplicate or an older message that taught nothing new. */
  | { kind: 'applied'; changed: boolean; envelope: TrackedEnvelope };

export interface EnvelopeQuery {
  owner: Owner;
  /** Linked logins see their own envelopes; an organization's members see the tenant's. */
  wholeTenant: boolean;
  /** Only envelopes sent from this page (origin and path). */
  sourceUrl?: string;
  limit: number;
}

export interface StatusStore {
  /** Starts tracking an envelope just sent (before or after its first Connect message: both orders converge). */
  track(envelope: TrackedEnvelope): Promise<void>;
  /** Applies updates in one durable transaction; a result per update, in order. */
  apply(updates: readonly StatusUpdate[], now: number): Promise<ApplyResult[]>;
  get(envelopeId: string): Promise<TrackedEnvelope | undefined>;
  /** Most recently updated first. */
  list(query: EnvelopeQuery): Promise<TrackedEnvelope[]>;
}
