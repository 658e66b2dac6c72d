/**
 * The JWT bearer grant (RFC 7523) as DocuSign runs it: an RS256 assertion signed with one of the key's
 * registered RSA keys; `aud` is the bare host of the account server; a one-hour token, no refresh token,
 * and `consent_required` until the user (or an admin) consented to `signature impersonation`.
 */
import { createPublicKey } from 'node:crypto';
import { decodeJwt, jwtVerify } from 'jose';
import { hasConsent, type Store } from './store.ts';
import { JWT_ACCESS_TTL_MS, issueAccessToken } from './tokens.ts';

export type JwtGrantResult =
  | { clientId: string; sub: string; token: string; ttlMs: number; scopes: string[] }
  | { error: string; description?: string; clientId?: string };

const SKEW_S = 60;
const MAX_LIFETIME_S = 3600;

export async function jwtGrant(store: Store, assertion: string, audience: string): Promise<JwtGrantResult> {
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(assertion);
  } catch {
    return { error: 'invalid_grant', description: 'invalid_assertion' };
  }
  const clientId = typeof claims.iss === 'string' ? claims.iss : '';
  const key = store.keys.get(clientId);
  if (!key) return { error: 'invalid_grant', description: 'issuer_not_found' };
  let verified = false;
  for (const pem of key.rsaPublicKeys ?? []) {
    try {
      await jwtVerify(assertion, createPublicKey(pem), { algorithms: ['RS256'], clockTolerance: SKEW_S, currentDate: new Date(store.now()) });
      verified = true;
      break;
    } catch {
      // Try the next registered key; DocuSign allows several.
    }
  }
  // Observed DocuSign description for a signature that no registered key verifies (or an expired assertion).
  if (!verified) return { error: 'invalid_grant', description: 'no_valid_keys_or_signatures', clientId };
  const nowS = Math.floor(store.now() / 1000);
  if (claims.aud !== audience && !(Array.isArray(claims.aud) && claims.aud.includes(audience))) {
    return { error: 'invalid_grant', description: 'invalid_audience', clientId };
  }
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.iat > nowS + SKEW_S) {
    return { error: 'invalid_grant', description: 'invalid_iat', clientId };
  }
  // UNCONFIRMED cap: official guidance keeps exp at most one hour after iat.
  if (claims.exp - claims.iat > MAX_LIFETIME_S) return { error: 'invalid_grant', description: 'invalid_exp', clientId };
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (!store.users.has(sub)) return { error: 'invalid_grant', description: 'user_not_found', clientId };
  const scopes = typeof claims['scope'] === 'string' ? claims['scope'].split(' ').filter(Boolean) : ['signature'];
  if (!scopes.includes('impersonation')) scopes.push('impersonation');
  if (!hasConsent(store, sub, clientId, ['signature', 'impersonation'])) return { error: 'consent_required', clientId };
  const token = issueAccessToken(store, { clientId, sub, scopes }, JWT_ACCESS_TTL_MS);
  return { clientId, sub, token: token.token, ttlMs: JWT_ACCESS_TTL_MS, scopes };
}
