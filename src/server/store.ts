/**
 * The server's durable state, as an asynchronous interface keyed by tenant, so that a PostgreSQL
 * implementation serves SQLite and PostgreSQL alike (`db/`) and no route knows which one runs.
 *
 * - Idempotency: one row per (tenant, principal, Idempotency-Key): the hash of the request, our request
 *   id (which DocuSign keeps in the envelope's custom field) and, once known, the answer. The row is
 *   written BEFORE DocuSign is called; `claim` is atomic (one transaction), whatever the implementation.
 * - Envelopes created through us, with their embedded ("captive") signers, so a signing session can be
 *   minted later without trusting the caller for names and client user ids.
 * - Organization members' sessions (token hashes only) and the ID-token nonces already used.
 *
 * - Instances: each running server keeps a heartbeat row; a pending claim lives as long as its owner's
 *   heartbeat, so a killed instance's sends are taken over within seconds, not when a lease runs out.
 *
 * The tenant of linked DocuSign logins is `LINKED_TENANT` (caller.ts); an organization's is its id.
 * One implementation serves SQLite and PostgreSQL (`db/sql-store.ts`, Kysely).
 */

import type { AdminState } from '../admin/state.ts';
import type { AdminSessionRows } from './admin/sessions.ts';
import type { PendingSignIns } from './admin/sign-in.ts';
import type { ChangeChannel } from './db/pg-channel.ts';
import type { TrackedEnvelope } from './status-model.ts';
import type { StatusStore } from './status-store.ts';

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

/** Why a claim held by another instance was taken over. */
export type Takeover = 'owner_dead' | 'lease_expired';

export type ClaimResult =
  | { kind: 'new'; row: IdempotencyRow }
  /** `takeover`: the claim was another instance's, which died (heartbeat stale) or overran the lease. */
  /**
   * `lookOnlyUntil`: the earlier attempt's last create got no answer at all and may still reach DocuSign
   * until then: look it up, but do not create before that time (on any instance).
   */
  | { kind: 'resume'; row: IdempotencyRow; takeover?: Takeover; lookOnlyUntil?: number }
  | { kind: 'replay'; row: IdempotencyRow }
  | { kind: 'conflict'; row: IdempotencyRow }
  /** `until`: when the owner's heartbeat or lease runs out at the latest, whichever comes first. */
  | { kind: 'in_progress'; row: IdempotencyRow; until: number };

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

/** What a send that DocuSign answered leaves behind, written together (`Store.recordSend`). */
export interface SendRecord {
  scope: Scope;
  key: string;
  /** The key's final answer, replayed to a retry. */
  status: number;
  response: string;
  envelope: EnvelopeRow;
  /** The envelope's first status record, if the send starts one. */
  tracked?: TrackedEnvelope;
}

/** An organization member's SignBridge session; only the SHA-256 of its token is kept. */
export interface SessionRow {
  idHash: string;
  tenant: string;
  sub: string;
  email: string;
  name: string;
  groups: string[];
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface Store {
  /**
   * Claims (scope, key) for a request with this hash, atomically. `new`: inserted as pending, go ahead;
   * `resume`: an earlier attempt with the same request left the outcome open and its lease ran out: go
   * ahead with the SAME request id (look the envelope up first); `replay`: answer `row.response`;
   * `conflict`: same key, different request; `in_progress`: another live owner holds the lease.
   * A pending claim whose owner has no fresh heartbeat is taken over (`resume` with `takeover`).
   */
  claim(input: ClaimInput): Promise<ClaimResult>;
  /**
   * Extends our claim right before a DocuSign call; false when it is no longer ours (another instance
   * judged us dead and took it over), and then we must not create an envelope for it.
   */
  renew(scope: Scope, key: string, owner: string, now: number, leaseMs: number): Promise<boolean>;
  /** Stores the final answer; the first answer recorded wins. */
  complete(scope: Scope, key: string, status: number, response: string): Promise<void>;
  /**
   * The outcome is unknown (DocuSign's answer was lost): keep the request id, release the claim if `owner`'s.
   * `lookOnlyUntil`: until then a resumed claim only looks the envelope up (a create without an answer may
   * still be on its way to DocuSign); 0 when the last create was answered.
   */
  markUnknown(scope: Scope, key: string, owner: string, lookOnlyUntil?: number): Promise<void>;
  /** DocuSign certainly created nothing: forget the key (if `owner` holds it) so the same request may be tried again. */
  forget(scope: Scope, key: string, owner: string): Promise<void>;
  saveEnvelope(row: EnvelopeRow): Promise<void>;
  /**
   * `saveEnvelope`, `complete` and `status.track` of one send in ONE transaction (one commit, durable
   * before the send is answered); resolves with the status as stored (undefined without `tracked`).
   */
  recordSend(record: SendRecord): Promise<TrackedEnvelope | undefined>;
  /** The envelope, if this tenant created it through SignBridge. */
  getEnvelope(tenant: string, accountId: string, envelopeId: string): Promise<EnvelopeRow | undefined>;
  /** Records a used ID-token nonce until `expiresAt`; false when it was recorded (and live) before. */
  spendNonce(key: string, expiresAt: number, now: number): Promise<boolean>;
  createSession(row: SessionRow): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | undefined>;
  revokeSession(idHash: string, at: number): Promise<void>;
  /** The admin operations' state (Monitor cursors, token generations, base_uri), in the same store. */
  admin: AdminState;
  /** The admin page's sessions (server/admin/sessions.ts), shared by every instance on the store. */
  adminSessions: AdminSessionRows;
  /** Messages between the instances on one database (PostgreSQL); absent for SQLite (one instance). */
  changes?: ChangeChannel;
  /** Administrator sign-ins in progress (server/admin/sign-in.ts), so that any instance may finish one. */
  adminSignIns: PendingSignIns;
  /** Registers or refreshes a running instance: its claims stay its own until `now + ttlMs`. */
  heartbeat(instanceId: string, now: number, ttlMs: number): Promise<void>;
  /** A clean shutdown: whatever the instance still holds may be taken over at once. */
  retire(instanceId: string): Promise<void>;
  /**
   * Resolves once the schema is migrated, with the versions this store applied itself (none when another
   * instance had migrated already); rejects if it cannot be migrated (the server must not start).
   */
  ready(): Promise<readonly number[]>;
  /** Migrated and answering a trivial query now (`/readyz`). */
  ping(): Promise<boolean>;
  /** `sqlite` or `postgres`, for logs and metrics. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Envelope status learnt from DocuSign Connect (status-store.ts). */
  readonly status: StatusStore;
  close(): Promise<void>;
}
