/**
 * Access tokens for a tenant's system user by DocuSign's JWT grant (RFC 7523; DocuSign "JSON Web Token
 * Grant", https://developers.docusign.com/platform/auth/jwt/jwt-get-token/): an RS256 assertion with
 * iss = integration key, sub = the system user, aud = the bare host of the account server, iat, exp and
 * scope `signature impersonation`, POSTed to `/oauth/token`.
 *
 * One token per tenant, cached until shortly before it expires; concurrent callers share one request
 * (single flight). A refusal becomes a stable error code whose message says what the administrator must
 * do (consent URL, key registration); it is never retried: each later send asks once more.
 * The private key, the assertion and the token never reach a log, an error or a response.
 */
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import * as v from 'valibot';
import { ErrorCodes } from '../shared/errors.ts';
import type { Fetch } from './docusign.ts';
import { ApiError } from './http-error.ts';
import type { Logger } from './log.ts';
import type { Tenant } from './tenants.ts';

export interface JwtGrantDeps {
  /** The integration key the RSA key pair belongs to. */
  clientId: string;
  privateKey: KeyObject;
  /** The account server of a tenant's environment, e.g. `https://account-d.docusign.com`. */
  accountServerOf: (tenant: Tenant) => string;
  /** Where DocuSign sends the administrator after granting consent (registered on the integration key). */
  consentRedirectUri: string;
  fetch: Fetch;
  now: () => number;
  log: Logger;
  timeoutMs: number;
  /** Renew this long before expiry (default 5 minutes). */
  renewBeforeMs?: number;
}

export interface SystemToken {
  token: string;
  expiresAt: number;
}

export interface JwtGrant {
  tokenFor(tenant: Tenant): Promise<SystemToken>;
  /** DocuSign refused a cached token: forget it, the next call asks for a new one. */
  invalidate(tenantId: string): void;
  /** The URL an administrator opens to grant consent for the tenant's organization. */
  consentUrl(tenant: Tenant): string;
}

/** DocuSign's documented assertion lifetimes run from 10 minutes to the 1 hour cap. */
const ASSERTION_LIFETIME_S = 600;
const SCOPES = 'signature impersonation';

const TokenAnswer = v.object({ access_token: v.pipe(v.string(), v.minLength(1)), expires_in: v.number() });
const OAuthError = v.object({ error: v.optional(v.string()), error_description: v.optional(v.string()) });

export function createJwtGrant(deps: JwtGrantDeps): JwtGrant {
  const renewBeforeMs = deps.renewBeforeMs ?? 5 * 60_000;
  const cache = new Map<string, SystemToken>();
  const inflight = new Map<string, Promise<SystemToken>>();

  // Admin consent for the organization's users (docs "Obtaining admin consent for external
  // applications": scope openid plus admin_consent_scope).
  const consentUrl = (tenant: Tenant): string => {
    const url = new URL('/oauth/auth', deps.accountServerOf(tenant));
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', 'openid');
    url.searchParams.set('client_id', deps.clientId);
    url.searchParams.set('redirect_uri', deps.consentRedirectUri);
    url.searchParams.set('admin_consent_scope', SCOPES);
    return url.toString();
  };

  function refusal(tenant: Tenant, error: string | undefined, description: string | undefined): ApiError {
    const who = `${tenant.name} (tenant "${tenant.id}")`;
    if (error === 'consent_required') {
      return new ApiError(
        424,
        ErrorCodes.DOCUSIGN_CONSENT_REQUIRED,
        `SignBridge may not yet send for ${who}: a DocuSign administrator of the organization must grant consent at ${consentUrl(tenant)}`,
      );
    }
    switch (description) {
      case 'user_not_found':
        return new ApiError(424, ErrorCodes.DOCUSIGN_USER_NOT_FOUND, `DocuSign does not know the system user of ${who}. The administrator must check systemUserId in the tenants file.`);
      case 'no_valid_keys_or_signatures':
      case 'issuer_not_found':
        return new ApiError(
          424,
          ErrorCodes.DOCUSIGN_KEY_NOT_REGISTERED,
          `DocuSign does not accept SignBridge's key for ${who}. The administrator must add SignBridge's RSA public key to the integration key ${deps.clientId} in DocuSign (Apps and Keys).`,
        );
      case 'invalid_iat':
      case 'invalid_exp':
        return new ApiError(424, ErrorCodes.DOCUSIGN_CLOCK_SKEW, `DocuSign refused the time in SignBridge's request for ${who}. The administrator must synchronize the server's clock (NTP).`);
      default:
        return new ApiError(424, ErrorCodes.DOCUSIGN_REJECTED, `DocuSign refused to let SignBridge send for ${who} (${(description ?? error ?? 'no reason given').slice(0, 60)}).`);
    }
  }

  async function request(tenant: Tenant): Promise<SystemToken> {
    const accountServer = deps.accountServerOf(tenant);
    const iat = Math.floor(deps.now() / 1000);
    const assertion = await new SignJWT({ scope: SCOPES })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(deps.clientId)
      .setSubject(tenant.systemUserId)
      .setAudience(new URL(accountServer).host)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ASSERTION_LIFETIME_S)
      .sign(deps.privateKey);
    let res: Response;
    try {
      res = await deps.fetch(`${accountServer}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
        signal: AbortSignal.timeout(deps.timeoutMs),
      });
    } catch (cause) {
      deps.log.warn('jwt grant unreachable', { tenant: tenant.id, error: cause instanceof Error ? cause.name : 'unknown' });
      throw new ApiError(503, ErrorCodes.DOCUSIGN_UNAVAILABLE, 'DocuSign could not be reached. Try again in a few minutes.');
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (res.ok) {
      const parsed = v.safeParse(TokenAnswer, body);
      if (!parsed.success) throw new ApiError(503, ErrorCodes.DOCUSIGN_UNAVAILABLE, 'DocuSign answered with an unexpected token. Try again later.');
      deps.log.info('jwt grant', { tenant: tenant.id, expiresInS: parsed.output.expires_in });
      return { token: parsed.output.access_token, expiresAt: deps.now() + parsed.output.expires_in * 1000 };
    }
    if (res.status >= 500) throw new ApiError(503, ErrorCodes.DOCUSIGN_UNAVAILABLE, 'DocuSign is not answering right now. Try again in a few minutes.');
    const oauth = v.safeParse(OAuthError, body);
    const error = oauth.success ? oauth.output.error : undefined;
    const description = oauth.success ? oauth.output.error_description : undefined;
    deps.log.warn('jwt grant refused', { tenant: tenant.id, status: res.status, oauthError: error?.slice(0, 60), oauthDescription: description?.slice(0, 60) });
    throw refusal(tenant, error, description);
  }

  return {
    consentUrl,
    invalidate: (tenantId) => void cache.delete(tenantId),
    tokenFor(tenant) {
      const hit = cache.get(tenant.id);
      if (hit !== undefined && hit.expiresAt - renewBeforeMs > deps.now()) return Promise.resolve(hit);
      const pending = inflight.get(tenant.id);
      if (pending !== undefined) return pending;
      const promise = request(tenant)
        .then((token) => {
          cache.set(tenant.id, token);
          return token;
        })
        .finally(() => inflight.delete(tenant.id));
      inflight.set(tenant.id, promise);
      return promise;
    },
  };
}
