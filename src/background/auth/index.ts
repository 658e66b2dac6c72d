/**
 * The worker's auth service, wired from its parts. `grantFor(loginKey)` is the one way other worker
 * code obtains a token to send: with the companion server the login was linked through, the only
 * place it may go (grant.ts).
 */
import type { AuthStatus, LoginView } from '../../shared/auth.ts';
import { createLinkFlow } from './flow.ts';
import { createGrant } from './grant.ts';
import { createLogins } from './logins.ts';
import { createMembers } from './members.ts';
import { refreshTokens } from './oauth.ts';
import { createBrowserTokenStore } from './store.ts';
import { createTokenService, type WithLock } from './tokens.ts';
import { createVault, indexedDbKeyStore } from './vault.ts';

/** Web Locks work in service workers and are shared by every context of the extension's origin. */
const webLock: WithLock = (name, body) => navigator.locks.request(name, body);

export function createAuth(withLock: WithLock = webLock) {
  const store = createBrowserTokenStore(createVault(indexedDbKeyStore()), withLock);
  const tokens = createTokenService({ store, refresh: refreshTokens, withLock, now: () => Date.now() });
  const flow = createLinkFlow({ tokens: store, withLock });
  const members = createMembers({ withLock, fetch: (input, init) => fetch(input, init) });
  const logins = createLogins({
    withLock,
    getAccessToken: tokens.getAccessToken,
    refused: tokens.refused,
    pendingState: flow.pendingState,
    memberStatus: members.status,
  });
  return { flow, logins, members, getAccessToken: tokens.getAccessToken, grantFor: createGrant(tokens.getAccessToken), refused: tokens.refused };
}

export type Auth = ReturnType<typeof createAuth>;

/** The login and account a send from `status` would use, for worker code that sends. */
export function selectedLogin(status: AuthStatus): { login: LoginView; accountId: string } | null {
  if (!status.selected) return null;
  const login = status.logins.find((l) => l.key === status.selected?.loginKey);
  return login ? { login, accountId: status.selected.accountId } : null;
}
