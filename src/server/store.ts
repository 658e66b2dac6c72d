/**
 * The server's durable state, as an asynchronous interface keyed by tenant, so that a PostgreSQL
 * implementation can stand in for the SQLite one (`sqlite-store.ts`) without touching a route.
 *
 * - Idempotency: one row per (tenant, principal, Idempotency-Key): the hash of the request, our request
 *   id (which DocuSign keeps in the envelope's custom field) and, once known, the answer. The row is
 *   written BEFORE DocuSign is called; `claim` is atomic (one transaction), whatever the implementation.
 * - Envelopes created through us, with their embedded ("captive") signers, so a signing session can be
 *   minted later without trusting the caller for names and client user ids.
 *
 * The tenant of linked DocuSign logins is `LINKED_TENANT` (caller.ts); an organization's is its id.
 */

export type IdempotencyState =
  /** A request is (or was, if its lease ran out) talking to DocuSign. */
  | 'pending'
  /** DocuSign's answer was lost: an envelope may exist; look it up by request id before creating. */
  | 'unknown'
  /** Answered; `status` and `response` are replayed. */
  | 'done';

/** Whose request: a tenant and a principal (user or member) in it. */
export interface Scope {
  tenant: string;
  principal: string;
}

export interface IdempotencyRow extends Scope {
  key: string;
  requestHash: string;
  requestId: string;
  state: IdempotencyState;
  status: number | null;
  response: string | null;
  createdAt: number;
  leaseUntil: number;
  owner: string;
}

export type ClaimResult =
  | { kind: 'new'; row: IdempotencyRow }
  | { kind: 'resume'; row: IdempotencyRow }
  | { kind: 'replay'; row: IdempotencyRow }
  | { kind: 'conflict'; row: IdempotencyRow }
  | { kind: 'in_progress'; row: IdempotencyRow };

export interface ClaimInput {
  scope: Scope;
  key: string;
  requestHash: string;
  newRequestId: string;
  owner: string;
  now: number;
  leaseMs: number;
}

export interface CaptiveSigner {
  recipientId: string;
  name: string;
  email: string;
  clientUserId: string;
}

export interface EnvelopeRow extends Scope {
  accountId: string;
  envelopeId: string;
  requestId: string;
  captiveSigners: CaptiveSigner[];
  createdAt: number;
}

export interface Store {
  /**
   * Claims (scope, key) for a request with this hash, atomically. `new`: inserted as pending, go ahead;
   * `resume`: an earlier attempt with the same request left the outcome open and its lease ran out: go
   * ahead with the SAME request id (look the envelope up first); `replay`: answer `row.response`;
   * `conflict`: same key, different request; `in_progress`: another live owner holds the lease.
   */
  claim(input: ClaimInput): Promise<ClaimResult>;
  /** Stores the final answer. */
  complete(scope: Scope, key: string, status: number, response: string): Promise<void>;
  /** The outcome is unknown (DocuSign's answer was lost): keep the request id, release the lease. */
  markUnknown(scope: Scope, key: string): Promise<void>;
  /** DocuSign certainly created nothing: forget the key so the same request may be tried again. */
  forget(scope: Scope, key: string): Promise<void>;
  saveEnvelope(row: EnvelopeRow): Promise<void>;
  /** The envelope, if this tenant created it through SignBridge. */
  getEnvelope(tenant: string, accountId: string, envelopeId: string): Promise<EnvelopeRow | undefined>;
  close(): Promise<void>;
}
