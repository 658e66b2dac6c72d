/**
 * The tables as Kysely sees them. Times are epoch milliseconds (BIGINT in PostgreSQL, INTEGER in
 * SQLite). A migration that adds a table adds its interface here.
 */
import type { IdempotencyState } from '../store.ts';

export interface IdempotencyTable {
  tenant: string;
  principal: string;
  key: string;
  request_hash: string;
  request_id: string;
  state: IdempotencyState;
  status: number | null;
  response: string | null;
  created_at: number;
  /** Upper bound of a claim whatever its owner's heartbeat says (0 once released). */
  lease_until: number;
  /** The instance (`instances.id`) that holds or last held the claim. */
  owner: string;
}

export interface EnvelopesTable {
  tenant: string;
  account_id: string;
  envelope_id: string;
  principal: string;
  request_id: string;
  /** JSON array of the embedded signers. */
  captive_signers: string;
  created_at: number;
}

/** One row per running server instance; a claim lives as long as its owner's row stays fresh. */
export interface InstancesTable {
  id: string;
  started_at: number;
  alive_until: number;
}

export interface SessionsTable {
  id_hash: string;
  tenant: string;
  sub: string;
  email: string;
  name: string;
  /** JSON array of group names. */
  groups: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface SpentNoncesTable {
  key: string;
  expires_at: number;
}

/** The admin operations' state per tenant (`AdminState`, src/admin/state.ts). */
export interface AdminCursorsTable {
  tenant: string;
  /** Which Monitor stream the cursor belongs to. */
  stream: string;
  cursor: string;
  updated_at: number;
}

export interface TokenGenerationsTable {
  tenant: string;
  /** Bumped by a token reset; a token minted under an older generation is dropped. */
  generation: number;
}

export interface BaseUrisTable {
  tenant: string;
  account_id: string;
  base_uri: string;
}

/** Envelope status learnt from DocuSign Connect (`StatusStore`, src/server/status-store.ts). */
export interface EnvelopeStatusTable {
  tenant: string;
  principal: string;
  account_id: string;
  envelope_id: string;
  subject: string;
  source_url: string | null;
  source_title: string | null;
  /** JSON array of document names. */
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

export interface RecipientStatusTable {
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

/** The Connect messages applied (one row per envelope and distinct content). */
export interface ConnectEventsTable {
  account_id: string;
  envelope_id: string;
  generated_at: number;
  digest: string;
  received_at: number;
  /** 1 if the message taught something new. */
  changed: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

export interface Tables {
  idempotency: IdempotencyTable;
  envelopes: EnvelopesTable;
  instances: InstancesTable;
  sessions: SessionsTable;
  spent_nonces: SpentNoncesTable;
  admin_cursors: AdminCursorsTable;
  token_generations: TokenGenerationsTable;
  base_uris: BaseUrisTable;
  envelope_status: EnvelopeStatusTable;
  recipient_status: RecipientStatusTable;
  connect_events: ConnectEventsTable;
  schema_migrations: SchemaMigrationsTable;
}
