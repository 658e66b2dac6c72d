/**
 * Who is calling: the DocuSign access token in `Authorization: Bearer` is checked with `/oauth/userinfo`.
 * Answers are cached per token (keyed by the token's SHA-256, so no token is held as a key), bounded in
 * size and trusted only briefly: DocuSign tokens are opaque, so the server cannot see when one expires
 * or is revoked; a 401 from any eSignature call evicts the entry at once.
 *
 * DocuSign answers every bad token alike. To tell the user what happened, the server remembers when it
 * first saw each token work (hash only, bounded): a token it saw work more than a token lifetime ago has
 * expired; one it saw work recently was revoked; and a token DocuSign's other environment accepts was
 * simply linked against the wrong environment.
 */
import { createHash } from 'node:crypto';
import { ErrorCodes } from '../shared/errors.ts';
import { DocuSignError, type DocuSignClient, type UserAccount, type UserInfo } from './docusign.ts';
import { ApiError } from './http-error.ts';

export interface Identity {
  /** The user behind the token (throws ApiError: 401 with a reconnect code). */
  identify(token: string): Promise<UserInfo>;
  /**
   * An eSignature call answered 401 for this token: evict it and find out why. Throws the precise
   * error (expired, revoked, wrong environment); when userinfo still accepts the token and DocuSign
   * refused the user on this host, the account lives on another site.
   */
  explainRejection(token: string, error: DocuSignError): Promise<never>;
}

export interface IdentityOptions {
  client: DocuSignClient;
  now: () => number;
  /** Upper bound of how long a userinfo answer is trusted. */
  ttlMs: number;
  maxEntries: number;
  /** DocuSign's access-token lifetime for the Authorization Code Grant: 8 h (FACTS §1.6). */
  tokenLifetimeMs?: number;
  /** DocuSign's other environments (production when configured for developer, and back). */
  otherAccountServers: readonly string[];
  /** Names for error messages. */
  environmentName: (accountServer: string) => string;
  accountServer: string;
}

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The token of an `Authorization: Bearer <token>` header, or an ApiError. */
export function bearerToken(header: string | undefined): string {
  const match = header === undefined ? null : /^Bearer +(\S+)$/i.exec(header.trim());
  const token = match?.[1];
  if (token === undefined || token.length > 4096 || !B64TOKEN.test(token)) {
    throw new ApiError(401, ErrorCodes.UNAUTHENTICATED, 'Connect DocuSign in SignBridge first: this request carries no DocuSign login.');
  }
  return token;
}

export function findAccount(user: UserInfo, accountId: string): UserAccount {
  const account = user.accounts.find((a) => a.accountId.toLowerCase() === accountId.toLowerCase());
  if (account === undefined) {
    throw new ApiError(
      403,
      ErrorCodes.ACCOUNT_NOT_MEMBER,
      'Your DocuSign login is not a member of that DocuSign account. Choose one of your accounts, or ask that account’s administrator to add you.',
    );
  }
  return account;
}

/** A Map used as a bounded cache: inserting past `max` drops the oldest entries. */
function bounded<K, V>(map: Map<K, V>, max: number): void {
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}

export function createIdentity(options: IdentityOptions): Identity {
  const lifetime = options.tokenLifetimeMs ?? 8 * 3600_000;
  const cache = new Map<string, { user: UserInfo; expiresAt: number }>();
  const firstSeen = new Map<string, number>();
  const inflight = new Map<string, Promise<UserInfo>>();
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

  async function whyRefused(token: string, key: string, refusal: DocuSignError): Promise<never> {
    for (const other of options.otherAccountServers) {
      const accepted = await options.client.userinfo(token, other).then(
        () => true,
        () => false,
      );
      if (accepted) {
        throw new ApiError(
          401,
          ErrorCodes.DOCUSIGN_WRONG_ENVIRONMENT,
          `This DocuSign login is for ${options.environmentName(other)}, but this SignBridge server works with ${options.environmentName(options.accountServer)}. Reconnect DocuSign in SignBridge.`,
        );
      }
    }
    const seen = firstSeen.get(key);
    if (seen !== undefined && options.now() - seen >= lifetime) {
      throw new ApiError(401, ErrorCodes.DOCUSIGN_TOKEN_EXPIRED, 'Your DocuSign login has expired. Reconnect DocuSign in SignBridge and try again.');
    }
    if (seen !== undefined) {
      throw new ApiError(
        401,
        ErrorCodes.DOCUSIGN_TOKEN_REVOKED,
        'Your DocuSign login was revoked (signed out, or access for SignBridge withdrawn). Reconnect DocuSign in SignBridge.',
      );
    }
    throw refusal;
  }

  async function lookup(token: string, key: string): Promise<UserInfo> {
    try {
      const user = await options.client.userinfo(token);
      if (!firstSeen.has(key)) {
        firstSeen.set(key, options.now());
        bounded(firstSeen, options.maxEntries * 10);
      }
      cache.set(key, { user, expiresAt: options.now() + options.ttlMs });
      bounded(cache, options.maxEntries);
      return user;
    } catch (error) {
      if (error instanceof DocuSignError && error.status === 401) return whyRefused(token, key, error);
      throw error;
    }
  }

  const identity: Identity = {
    async identify(token) {
      const key = keyOf(token);
      const hit = cache.get(key);
      if (hit !== undefined && hit.expiresAt > options.now()) return hit.user;
      cache.delete(key);
      const pending = inflight.get(key);
      if (pending !== undefined) return pending;
      const promise = lookup(token, key).finally(() => inflight.delete(key));
      inflight.set(key, promise);
      return promise;
    },

    async explainRejection(token, error) {
      cache.delete(keyOf(token));
      await identity.identify(token); // throws the precise token error if userinfo refuses it too
      if (error.docusignCode === 'USER_AUTHENTICATION_FAILED') {
        // COMPAT(DocuSign): an account called through another site's host answers USER_AUTHENTICATION_FAILED
        // although the token is good (docusign-esign-csharp-client#138). base_uri comes from userinfo, so
        // this means the account moved since; the cache was just refreshed.
        throw new ApiError(
          409,
          ErrorCodes.DOCUSIGN_WRONG_SITE,
          'DocuSign moved this account to another site. Try again; if it keeps failing, reconnect DocuSign in SignBridge.',
        );
      }
      throw error;
    },
  };
  return identity;
}
