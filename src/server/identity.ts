/**
 * Who is calling: the DocuSign access token in `Authorization: Bearer` is checked with `/oauth/userinfo`.
 * Answers are cached per token (keyed by the token's SHA-256, so no token is held as a key), bounded in
 * size and trusted only briefly: DocuSign tokens are opaque, so the server cannot see when one expires
 * or is revoked; a 401 from any eSignature call evicts the entry at once.
 *
 * Refusals are cached too (briefly, same keys, bounded): a public server must not spend a userinfo call
 * (DocuSign limits them per integration key) on every retry of the same bad token.
 *
 * DocuSign answers every bad token alike. To tell the user what happened, the server remembers when it
 * first saw each token work (hash only, bounded): a token it saw work more than a token lifetime ago has
 * expired; one it saw work recently was revoked. Only a token it never saw work may be a login linked
 * against the wrong environment, the one refusal the user fixes differently; only then, and only for a
 * token shaped like DocuSign's, within a budget per minute, is DocuSign's other environment asked.
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
  /** How long a refusal is remembered (default 60 s) and how many (default 10 000). */
  refusalTtlMs?: number;
  maxRefusals?: number;
  /** Questions to the other environments per minute (default 30); past it, the plain refusal. */
  otherEnvironmentPerMinute?: number;
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

/** A Map as a bounded LRU: `get` refreshes an entry, inserting past `max` drops the least recently used. */
function lru<V>(max: number) {
  const map = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    has: (key: string) => map.has(key),
    delete: (key: string) => map.delete(key),
    set(key: string, value: V): void {
      map.delete(key);
      map.set(key, value);
      for (const oldest of map.keys()) {
        if (map.size <= max) break;
        map.delete(oldest);
      }
    },
  };
}

/**
 * UNCONFIRMED: DocuSign's access tokens are JWS whose header says `"typ":"MT"` (DocuSign's forum and SDK
 * samples show tokens starting `eyJ0eXAiOiJNVCIs`); the simulator's mimic it. Anything else is no
 * DocuSign token of any environment, and no other environment is asked about it.
 */
export function looksLikeDocuSignToken(token: string): boolean {
  const head = token.split('.')[0] ?? '';
  try {
    const header: unknown = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && (header as { typ?: unknown }).typ === 'MT';
  } catch {
    return false;
  }
}

export function createIdentity(options: IdentityOptions): Identity {
  const lifetime = options.tokenLifetimeMs ?? 8 * 3600_000;
  const cache = lru<{ user: UserInfo; expiresAt: number }>(options.maxEntries);
  const firstSeen = lru<number>(options.maxEntries * 10);
  const refused = lru<{ error: unknown; until: number }>(options.maxRefusals ?? 10_000);
  const refusalTtl = options.refusalTtlMs ?? 60_000;
  const asked: number[] = [];
  const inflight = new Map<string, Promise<UserInfo>>();
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

  /** Whether another environment may be asked now (a sliding minute of questions, per instance). */
  function mayAskElsewhere(): boolean {
    const now = options.now();
    while (asked.length > 0 && (asked[0] ?? 0) <= now - 60_000) asked.shift();
    if (asked.length >= (options.otherEnvironmentPerMinute ?? 30)) return false;
    asked.push(now);
    return true;
  }

  async function whyRefused(token: string, key: string, refusal: DocuSignError): Promise<never> {
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
    if (!looksLikeDocuSignToken(token)) throw refusal;
    for (const other of options.otherAccountServers) {
      if (!mayAskElsewhere()) break;
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
    throw refusal;
  }

  async function lookup(token: string, key: string): Promise<UserInfo> {
    try {
      const user = await options.client.userinfo(token);
      if (!firstSeen.has(key)) firstSeen.set(key, options.now());
      cache.set(key, { user, expiresAt: options.now() + options.ttlMs });
      refused.delete(key);
      return user;
    } catch (error) {
      if (!(error instanceof DocuSignError) || error.status !== 401) throw error;
      try {
        return await whyRefused(token, key, error);
      } catch (explained) {
        refused.set(key, { error: explained, until: options.now() + refusalTtl });
        throw explained;
      }
    }
  }

  const identity: Identity = {
    async identify(token) {
      const key = keyOf(token);
      const hit = cache.get(key);
      if (hit !== undefined && hit.expiresAt > options.now()) return hit.user;
      cache.delete(key);
      const no = refused.get(key);
      if (no !== undefined && no.until > options.now()) throw no.error;
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
