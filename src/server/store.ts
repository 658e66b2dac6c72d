/**
 * The server's durable state in SQLite (better-sqlite3, synchronous: a check-and-insert runs without an
 * `await` in between, so two concurrent requests in one process can never both claim a key).
 *
 * - `idempotency`: one row per (user, Idempotency-Key): the hash of the request, our request id (which
 *   DocuSign keeps in the envelope's custom field) and, once known, the answer. The row is written
 *   BEFORE DocuSign is called.
 * - `envelopes`: envelopes created through us, with their embedded ("captive") signers, so a signing
 *   session can be minted later without trusting the caller for names and client user ids.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type IdempotencyState =
  /** A request is (or was, if its lease ran out) talking to DocuSign. */
  | 'pending'
  /** DocuSign's answer was lost: an envelope may exist; look it up by request id before creating. */
  | 'unknown'
  /** Answered; `status` and `response` are replayed. */
  | 'done';

export interface IdempotencyRow {
  userSub: string;
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

export interface CaptiveSigner {
  recipientId: string;
  name: string;
  email: string;
  clientUserId: string;
}

export interface EnvelopeRow {
  accountId: string;
  envelopeId: string;
  userSub: string;
  requestId: string;
  captiveSigners: CaptiveSigner[];
  createdAt: number;
}

export interface Store {
  /**
   * Claims (user, key) for a request with this hash, atomically. `new`: inserted as pending, go ahead;
   * `resume`: an earlier attempt with the same request left the outcome open and its lease ran out: go
   * ahead with the SAME request id (look the envelope up first); `replay`: answer `row.response`;
   * `conflict`: same key, different request; `in_progress`: another live owner holds the lease.
   */
  claim(input: { userSub: string; key: string; requestHash: string; newRequestId: string; owner: string; now: number; leaseMs: number }): ClaimResult;
  /** Stores the final answer. */
  complete(userSub: string, key: string, status: number, response: string): void;
  /** The outcome is unknown (DocuSign's answer was lost): keep the request id, release the lease. */
  markUnknown(userSub: string, key: string): void;
  /** DocuSign certainly created nothing: forget the key so the same request may be tried again. */
  forget(userSub: string, key: string): void;
  saveEnvelope(row: EnvelopeRow): void;
  getEnvelope(accountId: string, envelopeId: string): EnvelopeRow | undefined;
  close(): void;
}

interface RawIdempotencyRow {
  user_sub: string;
  key: string;
  request_hash: string;
  request_id: string;
  state: IdempotencyState;
  status: number | null;
  response: string | null;
  created_at: number;
  lease_until: number;
  owner: string;
}

const toRow = (raw: RawIdempotencyRow): IdempotencyRow => ({
  userSub: raw.user_sub,
  key: raw.key,
  requestHash: raw.request_hash,
  requestId: raw.request_id,
  state: raw.state,
  status: raw.status,
  response: raw.response,
  createdAt: raw.created_at,
  leaseUntil: raw.lease_until,
  owner: raw.owner,
});

/** Opens (creating if needed) the store at `path`; `:memory:` for tests. */
export function openStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS idempotency (
      user_sub TEXT NOT NULL,
      key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      request_id TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('pending', 'unknown', 'done')),
      status INTEGER,
      response TEXT,
      created_at INTEGER NOT NULL,
      lease_until INTEGER NOT NULL,
      owner TEXT NOT NULL,
      PRIMARY KEY (user_sub, key)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS envelopes (
      account_id TEXT NOT NULL,
      envelope_id TEXT NOT NULL,
      user_sub TEXT NOT NULL,
      request_id TEXT NOT NULL,
      captive_signers TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (account_id, envelope_id)
    ) STRICT;
  `);

  const select = db.prepare<[string, string], RawIdempotencyRow>('SELECT * FROM idempotency WHERE user_sub = ? AND key = ?');
  const insert = db.prepare(
    `INSERT INTO idempotency (user_sub, key, request_hash, request_id, state, created_at, lease_until, owner)
     VALUES (@userSub, @key, @requestHash, @requestId, 'pending', @now, @leaseUntil, @owner)`,
  );
  const takeLease = db.prepare(
    "UPDATE idempotency SET state = 'pending', lease_until = @leaseUntil, owner = @owner WHERE user_sub = @userSub AND key = @key",
  );
  const complete = db.prepare(
    "UPDATE idempotency SET state = 'done', status = ?, response = ?, lease_until = 0 WHERE user_sub = ? AND key = ?",
  );
  const markUnknown = db.prepare("UPDATE idempotency SET state = 'unknown', lease_until = 0 WHERE user_sub = ? AND key = ? AND state != 'done'");
  const forget = db.prepare("DELETE FROM idempotency WHERE user_sub = ? AND key = ? AND state != 'done'");
  const saveEnvelope = db.prepare(
    `INSERT OR REPLACE INTO envelopes (account_id, envelope_id, user_sub, request_id, captive_signers, created_at)
     VALUES (@accountId, @envelopeId, @userSub, @requestId, @captiveSigners, @createdAt)`,
  );
  const getEnvelope = db.prepare<[string, string], { account_id: string; envelope_id: string; user_sub: string; request_id: string; captive_signers: string; created_at: number }>(
    'SELECT * FROM envelopes WHERE account_id = ? AND envelope_id = ?',
  );

  const claim = db.transaction((input: Parameters<Store['claim']>[0]): ClaimResult => {
    const existing = select.get(input.userSub, input.key);
    const leaseUntil = input.now + input.leaseMs;
    if (existing === undefined) {
      insert.run({ ...input, requestId: input.newRequestId, leaseUntil });
      const row = select.get(input.userSub, input.key);
      if (row === undefined) throw new Error('idempotency row vanished after insert');
      return { kind: 'new', row: toRow(row) };
    }
    const row = toRow(existing);
    if (row.requestHash !== input.requestHash) return { kind: 'conflict', row };
    if (row.state === 'done') return { kind: 'replay', row };
    if (row.state === 'pending' && row.leaseUntil > input.now && row.owner !== input.owner) return { kind: 'in_progress', row };
    takeLease.run({ userSub: input.userSub, key: input.key, leaseUntil, owner: input.owner });
    return { kind: 'resume', row: { ...row, state: 'pending', leaseUntil, owner: input.owner } };
  });

  return {
    // IMMEDIATE: take the write lock before reading, so two processes on one file cannot both insert.
    claim: (input) => claim.immediate(input),
    complete: (userSub, key, status, response) => void complete.run(status, response, userSub, key),
    markUnknown: (userSub, key) => void markUnknown.run(userSub, key),
    forget: (userSub, key) => void forget.run(userSub, key),
    saveEnvelope: (row) => void saveEnvelope.run({ ...row, captiveSigners: JSON.stringify(row.captiveSigners) }),
    getEnvelope: (accountId, envelopeId) => {
      const raw = getEnvelope.get(accountId, envelopeId);
      if (raw === undefined) return undefined;
      return {
        accountId: raw.account_id,
        envelopeId: raw.envelope_id,
        userSub: raw.user_sub,
        requestId: raw.request_id,
        captiveSigners: JSON.parse(raw.captive_signers) as CaptiveSigner[],
        createdAt: raw.created_at,
      };
    },
    close: () => db.close(),
  };
}
