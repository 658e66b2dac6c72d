/**
 * Admin page sessions: an opaque random cookie value (32 bytes), only its SHA-256 kept, eight hours,
 * with a CSRF token for the page's forms. Per server instance (in memory): an administrator signs in
 * again on another instance.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface AdminSession {
  tenantId: string;
  email: string;
  name: string;
  csrf: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 8 * 3600_000;
const MAX_SESSIONS = 1000;
const hash = (value: string): string => createHash('sha256').update(value).digest('hex');

export function createAdminSessions(now: () => number) {
  const sessions = new Map<string, AdminSession>();
  return {
    open(who: { tenantId: string; email: string; name: string }): string {
      for (const [key, s] of sessions) if (s.expiresAt <= now()) sessions.delete(key);
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value ?? '');
      const id = randomBytes(32).toString('base64url');
      sessions.set(hash(id), { ...who, csrf: randomBytes(24).toString('base64url'), expiresAt: now() + SESSION_TTL_MS });
      return id;
    },
    get(id: string | undefined): AdminSession | undefined {
      if (id === undefined || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
      const s = sessions.get(hash(id));
      return s && s.expiresAt > now() ? s : undefined;
    },
    close(id: string | undefined): void {
      if (id !== undefined) sessions.delete(hash(id));
    },
  };
}
