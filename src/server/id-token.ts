/**
 * Verifies an organization member's ID token (OpenID Connect Core 1.0 §3.1.3.7) with jose, against the
 * identity provider's JWKS found by discovery (`<issuer>/.well-known/openid-configuration`): an allowed
 * algorithm, a known key, the signature, expiry, issuer, audience (= that provider's client id), the
 * nonce the extension generated and `email_verified`. Each failure has its own code. The nonce is then
 * spent (store) so that the same ID token cannot open a second session.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import * as v from 'valibot';
import { ErrorCodes, type ErrorCode } from '../shared/errors.ts';
import type { Fetch } from './docusign.ts';
import { ApiError } from './http-error.ts';
import type { Logger } from './log.ts';

/** Asymmetric algorithms only; `none` and HMAC (a shared secret) never. */
export const ALLOWED_ALGORITHMS = ['RS256', 'ES256', 'PS256'] as const;

export interface ProviderRef {
  issuer: string;
  clientId: string;
}

export interface VerifiedMember {
  sub: string;
  email: string;
  name: string;
  groups: string[];
  /** Seconds since the epoch (the ID token's `exp`). */
  exp: number;
}

export interface IdTokenVerifierDeps {
  fetch: Fetch;
  now: () => number;
  log: Logger;
  /** Spends a nonce until `expiresAt` (ms); false if it was spent before. */
  spendNonce: (key: string, expiresAt: number) => Promise<boolean>;
  timeoutMs?: number;
  /** Allowed clock difference with the identity provider. */
  clockToleranceS?: number;
  /** A key set is refreshed for an unknown `kid` at most this often. */
  refreshCooldownMs?: number;
}

const Discovery = v.object({ issuer: v.string(), jwks_uri: v.pipe(v.string(), v.url()) });
const Jwks = v.object({ keys: v.array(v.record(v.string(), v.unknown())) });

const refuse = (status: 400 | 401 | 403, code: ErrorCode, message: string) => new ApiError(status, code, message);
const unreachable = () =>
  new ApiError(503, ErrorCodes.IDENTITY_PROVIDER_UNREACHABLE, 'Your organization’s sign-in service could not be reached to check your sign-in. Try again in a minute.');

export function createIdTokenVerifier(deps: IdTokenVerifierDeps) {
  const tolerance = deps.clockToleranceS ?? 60;
  const cooldown = deps.refreshCooldownMs ?? 30_000;
  const keySets = new Map<string, { jwks: JSONWebKeySet; fetchedAt: number }>();

  async function getJson(url: string): Promise<unknown> {
    let res: Response;
    try {
      res = await deps.fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000) });
    } catch {
      throw unreachable();
    }
    if (!res.ok) throw unreachable();
    return res.json().catch(() => {
      throw unreachable();
    });
  }

  async function fetchKeys(issuer: string): Promise<JSONWebKeySet> {
    const discovery = v.safeParse(Discovery, await getJson(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`));
    // The discovery document must name the issuer it was fetched for (OpenID Connect Discovery §4.3).
    if (!discovery.success || discovery.output.issuer !== issuer) throw unreachable();
    const jwks = v.safeParse(Jwks, await getJson(discovery.output.jwks_uri));
    if (!jwks.success) throw unreachable();
    const set: JSONWebKeySet = jwks.output;
    keySets.set(issuer, { jwks: set, fetchedAt: deps.now() });
    return set;
  }

  async function keysFor(issuer: string, kid: string | undefined): Promise<JSONWebKeySet> {
    const cached = keySets.get(issuer);
    if (cached === undefined) return fetchKeys(issuer);
    const known = cached.jwks.keys.some((k) => kid === undefined || k.kid === kid);
    // A key rotation at the provider: refetch, but not more often than the cooldown.
    if (!known && deps.now() - cached.fetchedAt >= cooldown) return fetchKeys(issuer);
    return cached.jwks;
  }

  return {
    async verify(provider: ProviderRef, idToken: string, nonce: string): Promise<VerifiedMember> {
      let header;
      try {
        header = decodeProtectedHeader(idToken);
      } catch {
        throw refuse(401, ErrorCodes.ID_TOKEN_INVALID, 'The sign-in did not return a readable ID token. Sign in again.');
      }
      if (typeof header.alg !== 'string' || !(ALLOWED_ALGORITHMS as readonly string[]).includes(header.alg)) {
        throw refuse(401, ErrorCodes.ID_TOKEN_ALG_NOT_ALLOWED, `ID tokens signed with "${String(header.alg).slice(0, 20)}" are not accepted (only ${ALLOWED_ALGORITHMS.join(', ')}).`);
      }
      const jwks = await keysFor(provider.issuer, header.kid);
      if (header.kid !== undefined && !jwks.keys.some((k) => k.kid === header.kid)) {
        throw refuse(401, ErrorCodes.ID_TOKEN_UNKNOWN_KEY, 'The ID token is signed with a key your organization’s sign-in service does not publish.');
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), {
          algorithms: [...ALLOWED_ALGORITHMS],
          currentDate: new Date(deps.now()),
          clockTolerance: tolerance,
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'sub'],
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw refuse(401, ErrorCodes.ID_TOKEN_EXPIRED, 'This sign-in has expired. Sign in again.');
        if (error instanceof errors.JWSSignatureVerificationFailed) throw refuse(401, ErrorCodes.ID_TOKEN_BAD_SIGNATURE, 'The ID token’s signature is not valid.');
        if (error instanceof errors.JWKSNoMatchingKey) throw refuse(401, ErrorCodes.ID_TOKEN_UNKNOWN_KEY, 'The ID token is signed with a key your organization’s sign-in service does not publish.');
        if (error instanceof errors.JOSEAlgNotAllowed) throw refuse(401, ErrorCodes.ID_TOKEN_ALG_NOT_ALLOWED, `ID tokens must be signed with ${ALLOWED_ALGORITHMS.join(', ')}.`);
        throw refuse(401, ErrorCodes.ID_TOKEN_INVALID, 'The ID token is not valid. Sign in again.');
      }
      if (payload.iss !== provider.issuer) throw refuse(401, ErrorCodes.ID_TOKEN_WRONG_ISSUER, 'The ID token comes from another sign-in service than the one chosen.');
      const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
      // Several audiences: the token must have been issued to us (azp, OpenID Connect Core §2).
      if (!aud.includes(provider.clientId) || (aud.length > 1 && payload['azp'] !== provider.clientId)) {
        throw refuse(401, ErrorCodes.ID_TOKEN_WRONG_AUDIENCE, 'The ID token was issued to another application than SignBridge.');
      }
      if (typeof payload['nonce'] !== 'string' || payload['nonce'] !== nonce) {
        throw refuse(401, ErrorCodes.ID_TOKEN_NONCE_MISMATCH, 'The ID token does not belong to this sign-in. Sign in again.');
      }
      const email = typeof payload['email'] === 'string' ? payload['email'].trim().toLowerCase() : '';
      if (!/^[^@\s]{1,64}@[^@\s]{1,253}$/.test(email)) throw refuse(401, ErrorCodes.ID_TOKEN_INVALID, 'The sign-in did not say which e-mail address you have.');
      if (payload['email_verified'] !== true) {
        throw refuse(403, ErrorCodes.EMAIL_NOT_VERIFIED, 'Your organization’s sign-in service has not verified your e-mail address. Ask your IT administrator.');
      }
      const exp = payload.exp ?? 0;
      // Spent per issuer and nonce until the token expires: the same ID token cannot open a second session.
      const nonceKey = createHash('sha256').update(`${provider.issuer}\n${nonce}`).digest('hex');
      if (!(await deps.spendNonce(nonceKey, (exp + tolerance) * 1000))) {
        throw refuse(401, ErrorCodes.ID_TOKEN_NONCE_REPLAYED, 'This sign-in was already used. Sign in again.');
      }
      const sub = String(payload.sub);
      const name = typeof payload['name'] === 'string' && payload['name'].trim() !== '' ? payload['name'].trim().slice(0, 200) : email;
      const groups = Array.isArray(payload['groups']) ? payload['groups'].filter((g): g is string => typeof g === 'string').slice(0, 100) : [];
      deps.log.debug('id token verified', { issuer: provider.issuer, memberSub: sub });
      return { sub: sub.slice(0, 255), email, name, groups, exp };
    },
  };
}

export type IdTokenVerifier = ReturnType<typeof createIdTokenVerifier>;
