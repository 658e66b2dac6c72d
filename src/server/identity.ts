/**
 * Who is calling: the DocuSign access token in `Authorization: Bearer` is checked with `/oauth/userinfo`.
 * Answers are cached per token (keyed by the token's SHA-256, so the cache holds no token), bounded in
 * size and kept a short while only: DocuSign tokens are opaque, so the server cannot know when one
 * expires or is revoked; any 401 from DocuSign also evicts the entry at once.
 */
import { createHash } from 'node:crypto';
import { ErrorCodes } from '../shared/errors.ts';
import type { DocuSignClient, UserAccount, UserInfo } from './docusign.ts';
import { ApiError } from './http-error.ts';

export interface Identity {
  /** The user behind the token (throws ApiError: 401 with a reconnect code). */
  identify(token: string): Promise<UserInfo>;
  forget(token: string): void;
}

export interface IdentityOptions {
  client: DocuSignClient;
  now: () => number;
  /** Upper bound of how long a userinfo answer is trusted. DocuSign ACG tokens live 8 h; we keep far less. */
  ttlMs: number;
  maxEntries: number;
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

export function createIdentity(options: IdentityOptions): Identity {
  const cache = new Map<string, { user: UserInfo; expiresAt: number }>();
  const inflight = new Map<string, Promise<UserInfo>>();
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

  return {
    async identify(token) {
      const key = keyOf(token);
      const hit = cache.get(key);
      if (hit !== undefined && hit.expiresAt > options.now()) return hit.user;
      cache.delete(key);
      const pending = inflight.get(key);
      if (pending !== undefined) return pending;
      const lookup = options.client
        .userinfo(token)
        .then((user) => {
          cache.set(key, { user, expiresAt: options.now() + options.ttlMs });
          // Maps iterate in insertion order: drop the oldest entries beyond the bound.
          for (const oldest of cache.keys()) {
            if (cache.size <= options.maxEntries) break;
            cache.delete(oldest);
          }
          return user;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, lookup);
      return lookup;
    },
    forget(token) {
      cache.delete(keyOf(token));
    },
  };
}
