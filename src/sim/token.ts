/**
 * `POST /oauth/token`: authorization_code (PKCE, single-use codes), refresh_token (rotation, `extended`)
 * and the JWT bearer grant (jwt.ts). Errors are OAuth JSON with DocuSign's observed descriptions.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { SimEnv } from './env.ts';
import { oauthError } from './errors.ts';
import { jwtGrant } from './jwt.ts';
import type { Store } from './store.ts';
import { ACG_ACCESS_TTL_MS, REFRESH_TTL_MS, issueAccessToken, issueRefreshToken, revokeGrant } from './tokens.ts';
import type { SeedIntegrationKey } from './types.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Confidential keys use HTTP Basic; public keys send `client_id` and no secret. */
function authenticateClient(c: Context<SimEnv>, store: Store, form: Record<string, string>): SeedIntegrationKey | Response {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    const decoded = m?.[1] ? Buffer.from(m[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    // RFC 6749 2.3.1 form-encodes id and secret before Basic; a malformed escape is just a wrong secret.
    const unescape = (v: string): string => {
      try {
        return decodeURIComponent(v);
      } catch {
        return '';
      }
    };
    const id = unescape(decoded.slice(0, Math.max(colon, 0)));
    const secret = unescape(decoded.slice(colon + 1));
    const key = store.keys.get(id);
    if (colon < 0 || !key || key.type !== 'confidential' || !safeEqual(key.secret ?? '', secret)) {
      return oauthError(c, 'invalid_client', 'unauthorized_client');
    }
    return key;
  }
  const key = form['client_id'] ? store.keys.get(form['client_id']) : undefined;
  if (!key) return oauthError(c, 'invalid_client', 'unauthorized_client');
  // A confidential key must prove its secret; a secret in the body is not how DocuSign takes it.
  if (key.type !== 'public' || form['client_secret'] !== undefined) return oauthError(c, 'invalid_client', 'unauthorized_client');
  return key;
}

function tokenResponse(c: Context<SimEnv>, access: string, expiresInMs: number, scopes: string[], refresh?: string): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  return c.json({
    access_token: access,
    token_type: 'Bearer',
    ...(refresh !== undefined ? { refresh_token: refresh } : {}),
    expires_in: Math.round(expiresInMs / 1000),
    scope: scopes.join(' '),
  });
}

function codeGrant(c: Context<SimEnv>, store: Store, key: SeedIntegrationKey, form: Record<string, string>): Response {
  const record = form['code'] ? store.codes.get(form['code']) : undefined;
  // DocuSign answers an unusable code with `expired_client_token` (FACTS.md 1.3).
  if (!record || record.clientId !== key.clientId) return oauthError(c, 'invalid_grant', 'expired_client_token');
  c.set('sub', record.sub);
  if (record.used) {
    // A replayed code: refuse it and revoke what the first exchange issued (RFC 6749 4.1.2; UNCONFIRMED for DocuSign).
    revokeGrant(store, record.grantId);
    return oauthError(c, 'invalid_grant', 'expired_client_token');
  }
  if (record.expiresAt <= store.now()) return oauthError(c, 'invalid_grant', 'expired_client_token');
  if (form['redirect_uri'] !== undefined && form['redirect_uri'] !== record.redirectUri) {
    return oauthError(c, 'invalid_grant', 'invalid_redirect_uri');
  }
  const verifier = form['code_verifier'];
  if (record.challenge !== undefined || verifier !== undefined) {
    // UNCONFIRMED description: DocuSign's wording for a failed PKCE check is not documented.
    if (record.challenge === undefined || verifier === undefined || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
      return oauthError(c, 'invalid_grant', 'code_verifier_invalid');
    }
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (!safeEqual(computed, record.challenge)) return oauthError(c, 'invalid_grant', 'code_verifier_invalid');
  }
  record.used = true;
  const base = { clientId: key.clientId, sub: record.sub, scopes: record.scopes, grantId: record.grantId };
  const access = issueAccessToken(store, base, ACG_ACCESS_TTL_MS);
  const refresh = issueRefreshToken(store, base, store.now() + REFRESH_TTL_MS);
  return tokenResponse(c, access.token, ACG_ACCESS_TTL_MS, record.scopes, refresh);
}

function refreshGrant(c: Context<SimEnv>, store: Store, key: SeedIntegrationKey, form: Record<string, string>): Response {
  const old = form['refresh_token'] ? store.refreshTokens.get(form['refresh_token']) : undefined;
  if (!old || old.clientId !== key.clientId || old.revoked || old.expiresAt <= store.now()) {
    return oauthError(c, 'invalid_grant', 'expired_client_token');
  }
  c.set('sub', old.sub);
  old.revoked = true;
  const base = { clientId: key.clientId, sub: old.sub, scopes: old.scopes, grantId: old.grantId };
  const access = issueAccessToken(store, base, ACG_ACCESS_TTL_MS);
  // With `extended` each new refresh token lives a fresh 30 days; without, it keeps the first one's end.
  const expiresAt = old.scopes.includes('extended') ? store.now() + REFRESH_TTL_MS : old.expiresAt;
  const refresh = issueRefreshToken(store, base, expiresAt);
  return tokenResponse(c, access.token, ACG_ACCESS_TTL_MS, old.scopes, refresh);
}

export function tokenEndpoint(store: Store, audience: () => string): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.post('/oauth/token', async (c) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = await c.req.parseBody();
    } catch {
      return oauthError(c, 'invalid_request');
    }
    const form: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') form[k] = v;
    const grant = form['grant_type'];
    if (grant === JWT_BEARER) {
      const result = await jwtGrant(store, form['assertion'] ?? '', audience());
      if ('error' in result) {
        if (result.clientId !== undefined) c.set('clientId', result.clientId);
        return oauthError(c, result.error, result.description);
      }
      c.set('clientId', result.clientId);
      c.set('sub', result.sub);
      return tokenResponse(c, result.token, result.ttlMs, result.scopes);
    }
    const key = authenticateClient(c, store, form);
    if (key instanceof Response) return key;
    c.set('clientId', key.clientId);
    if (grant === 'authorization_code') return codeGrant(c, store, key, form);
    if (grant === 'refresh_token') return refreshGrant(c, store, key, form);
    return oauthError(c, 'unsupported_grant_type');
  });
  return app;
}
