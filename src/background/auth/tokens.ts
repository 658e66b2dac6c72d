/**
 * Access tokens for linked logins, refreshed in one place with one request at a time per login.
 *
 * Single flight: callers in this worker share one promise per login; across contexts and across a
 * worker restart, a Web Lock named after the login serialises refreshes, and whoever gets the lock
 * re-reads storage first, so a refresh that finished meanwhile is reused rather than repeated.
 * Rotation: the new refresh token is persisted before the new access token is stored or handed out,
 * so a crash between the two never strands the login with a refresh token DocuSign no longer accepts.
 * `invalid_grant` marks the login "needs reconnect" and nothing retries it until the user reconnects;
 * so does a 401 for its access token from DocuSign or the companion server (`refused`): a token DocuSign
 * revoked (the user removed the app, access was withdrawn, the demo simulator restarted) is not retried.
 */
import { ErrorCodes } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { accountServerOfKey } from './userinfo.ts';

/** Refresh this long before expiry, so a token handed out is still good for a send (FACTS.md 1.6: 10–15 min). */
export const REFRESH_MARGIN_MS = 10 * 60_000;

export interface AccessToken {
  token: string;
  expiresAt: number;
}

export interface TokenSet {
  accessToken: string;
  /** Absent when the server did not rotate it: keep the old one. */
  refreshToken: string | undefined;
  expiresInSeconds: number;
}

export interface LoginRef {
  accountServer: string;
  clientId: string;
  status: 'connected' | 'needs_reconnect';
}

/** Where tokens live; the browser implementation is in store.ts, tests pass an in-memory one. */
export interface TokenStore {
  readLogin(loginKey: string): Promise<LoginRef | undefined>;
  readAccess(loginKey: string): Promise<AccessToken | undefined>;
  writeAccess(loginKey: string, token: AccessToken): Promise<void>;
  /** Undefined when missing or no longer decryptable. */
  readRefresh(loginKey: string): Promise<string | undefined>;
  writeRefresh(loginKey: string, refreshToken: string): Promise<void>;
  /** Marks the login and drops its tokens. */
  markNeedsReconnect(loginKey: string): Promise<void>;
  /** The login whose cached access token this is, if any. */
  loginOfAccessToken(accessToken: string): Promise<string | undefined>;
}

export type RefreshOutcome =
  | { ok: true; tokens: TokenSet }
  /** DocuSign refused the refresh token for good (expired, revoked, consent withdrawn). */
  | { ok: false; reason: 'invalid_grant' }
  /** Network or server trouble: worth trying again later, the login stays linked. */
  | { ok: false; reason: 'unavailable'; detail: string };

export type WithLock = <T>(name: string, body: () => Promise<T>) => Promise<T>;

export interface TokenServiceDeps {
  store: TokenStore;
  refresh(login: LoginRef, refreshToken: string): Promise<RefreshOutcome>;
  withLock: WithLock;
  now(): number;
}

export function isFresh(token: AccessToken | undefined, now: number): token is AccessToken {
  return token !== undefined && token.expiresAt - REFRESH_MARGIN_MS > now;
}

export const needsReconnectMessage = (): string => t('popup_errorNeedsReconnect');

export function createTokenService(deps: TokenServiceDeps) {
  const inFlight = new Map<string, Promise<Result<AccessToken>>>();

  async function refreshHoldingLock(loginKey: string): Promise<Result<AccessToken>> {
    const { store } = deps;
    // Another caller (this worker before a restart, or another context) may have refreshed while we waited.
    const current = await store.readAccess(loginKey);
    if (isFresh(current, deps.now())) return ok(current);
    const login = await store.readLogin(loginKey);
    if (!login) return err(ErrorCodes.NOT_LINKED, t('popup_errorNotLinked'));
    if (login.status === 'needs_reconnect') return err(ErrorCodes.NEEDS_RECONNECT, needsReconnectMessage());
    const accountServer = accountServerOfKey(loginKey, login);
    if (accountServer === null) return err(ErrorCodes.NEEDS_RECONNECT, needsReconnectMessage());
    const refreshToken = await store.readRefresh(loginKey);
    if (refreshToken === undefined) {
      await store.markNeedsReconnect(loginKey);
      return err(ErrorCodes.NEEDS_RECONNECT, needsReconnectMessage());
    }
    const outcome = await deps.refresh({ ...login, accountServer }, refreshToken);
    if (!outcome.ok) {
      if (outcome.reason === 'invalid_grant') {
        await store.markNeedsReconnect(loginKey);
        return err(ErrorCodes.NEEDS_RECONNECT, needsReconnectMessage());
      }
      return err(ErrorCodes.AUTH_UNREACHABLE, `SignBridge could not reach DocuSign to renew your session (${outcome.detail}). Try again in a moment.`);
    }
    const { tokens } = outcome;
    // Persist the rotated refresh token first: the old one is already spent at DocuSign.
    if (tokens.refreshToken !== undefined) await store.writeRefresh(loginKey, tokens.refreshToken);
    const access = { token: tokens.accessToken, expiresAt: deps.now() + tokens.expiresInSeconds * 1000 };
    await store.writeAccess(loginKey, access);
    return ok(access);
  }

  /** A usable access token for the login, refreshing it first when it is due. Worker-only: never send it to a page. */
  async function getAccessToken(loginKey: string): Promise<Result<AccessToken>> {
    const cached = await deps.store.readAccess(loginKey);
    if (isFresh(cached, deps.now())) return ok(cached);
    let flight = inFlight.get(loginKey);
    if (!flight) {
      flight = deps
        .withLock(`signbridge-refresh:${loginKey}`, () => refreshHoldingLock(loginKey))
        .finally(() => inFlight.delete(loginKey));
      inFlight.set(loginKey, flight);
    }
    return flight;
  }

  /**
   * DocuSign (directly, or through the companion server) answered 401 to this access token: the login
   * is dead until the user reconnects. Returns the login marked, undefined when the token is no longer
   * one of ours (already replaced by a refresh, or not a login's at all: an organization session).
   */
  async function refused(accessToken: string): Promise<string | undefined> {
    const loginKey = await deps.store.loginOfAccessToken(accessToken);
    if (loginKey !== undefined) await deps.store.markNeedsReconnect(loginKey);
    return loginKey;
  }

  return { getAccessToken, refused };
}

/** An in-process lock for tests and for contexts without Web Locks: one holder per name, FIFO. */
export function createMemoryLock(): WithLock {
  const tails = new Map<string, Promise<unknown>>();
  return async <T,>(name: string, body: () => Promise<T>): Promise<T> => {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(body, body);
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    try {
      return await run;
    } finally {
      if (tails.get(name) === tail) tails.delete(name);
    }
  };
}
