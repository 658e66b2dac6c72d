/**
 * Admin page sessions: an opaque random cookie value (32 bytes), only its SHA-256 kept, eight hours,
 * with a CSRF token for the page's forms. The rows live in the server's store (db/admin-sessions.ts),
 * so every instance on one database knows a session another opened, and a sign-out ends it everywhere.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface AdminSessionRow {
  tenantId: string;
  email: string;
  name: string;
  csrf: string;
  expiresAt: number;
}
export type AdminSession = AdminSessionRow;

/** Where the rows are kept, by the hash of the cookie value. */
export interface AdminSessionRows {
  /** Stores a new session and drops the ones expired by `now`. */
  insert(idHash: string, row: AdminSessionRow, now: number): Promise<void>;
  find(idHash: string): Promise<AdminSessionRow | undefined>;
  remove(idHash: string): Promise<void>;
}

export interface AdminSessions {
  /** Opens a session; returns the cookie value (never stored). */
  open(who: { tenantId: string; email: string; name: string }): Promise<string>;
  get(id: string | undefined): Promise<AdminSession | undefined>;
  close(id: string | undefined): Promise<void>;
}

export const SESSION_TTL_MS = 8 * 3600_000;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
const hash = (value: string): string => createHash('sha256').update(value).digest('hex');

export function createAdminSessions(rows: AdminSessionRows, now: () => number): AdminSessions {
  return {
    async open(who) {
      const id = randomBytes(32).toString('base64url');
      const at = now();
      await rows.insert(hash(id), { ...who, csrf: randomBytes(24).toString('base64url'), expiresAt: at + SESSION_TTL_MS }, at);
      return id;
    },
    async get(id) {
      if (id === undefined || !COOKIE_VALUE.test(id)) return undefined;
      const s = await rows.find(hash(id));
      return s && s.expiresAt > now() ? s : undefined;
    },
    async close(id) {
      if (id !== undefined && COOKIE_VALUE.test(id)) await rows.remove(hash(id));
    },
  };
}
