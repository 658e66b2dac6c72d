/** Issuing and checking the account server's opaque tokens. Lifetimes are DocuSign's (FACTS.md 1.6). */
import { opaque, type AccessToken, type Store } from './store.ts';

export const CODE_TTL_MS = 2 * 60_000;
export const ACG_ACCESS_TTL_MS = 8 * 3600_000;
export const JWT_ACCESS_TTL_MS = 3600_000;
export const REFRESH_TTL_MS = 30 * 24 * 3600_000;

export function issueAccessToken(store: Store, fields: Omit<AccessToken, 'token' | 'revoked' | 'expiresAt'>, ttlMs: number): AccessToken {
  const record: AccessToken = { ...fields, token: opaque('eyJ0eXAiOiJNVCJ9.'), revoked: false, expiresAt: store.now() + ttlMs };
  store.accessTokens.set(record.token, record);
  store.issued.push(record.token);
  return record;
}

export function issueRefreshToken(
  store: Store,
  fields: { clientId: string; sub: string; scopes: string[]; grantId: string },
  expiresAt: number,
): string {
  const token = opaque('eyJ0eXAiOiJNVCJ9.r');
  store.refreshTokens.set(token, { ...fields, token, expiresAt, revoked: false });
  store.issued.push(token);
  return token;
}

/** The live access token behind an `Authorization: Bearer` header, or why there is none. */
export function bearer(store: Store, header: string | undefined): { token: AccessToken } | { problem: 'missing' | 'invalid' } {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return { problem: 'missing' };
  const token = store.accessTokens.get(match[1]);
  if (!token || token.revoked || token.expiresAt <= store.now()) return { problem: 'invalid' };
  return { token };
}

export function revokeGrant(store: Store, grantId: string): void {
  for (const t of store.accessTokens.values()) if (t.grantId === grantId) t.revoked = true;
  for (const t of store.refreshTokens.values()) if (t.grantId === grantId) t.revoked = true;
}
