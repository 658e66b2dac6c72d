/**
 * Linking a DocuSign login: Authorization Code + PKCE in a normal tab the user can trust.
 *
 * 1. `startLink` fetches the OAuth parameters from the companion server, keeps verifier and state in
 *    `storage.session` (so the flow survives the worker being stopped while the user types), and
 *    opens the authorization URL in a new tab.
 * 2. `onTabUpdated` (registered synchronously in index.ts) sees the tab reach the redirect URI,
 *    checks `state`, closes the tab and exchanges the code with the verifier.
 * 3. The login (userinfo: name, email, accounts) is stored, tokens as described in store.ts.
 * Every way this can end is written to the `notice` the popup shows; nothing is half-linked.
 */
import type { NoticeKind } from '../../shared/auth.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { authorizationUrl, exchangeCode, newPkce, OAuthFailure, readUserInfo } from './oauth.ts';
import type { FlowMode, PendingFlow } from './redirect.ts';
import { fetchOAuthConfig, serverPermissionError, serverSettings } from './server.ts';
import { logins, notice, pendingFlow, selectedLogin, STORE_LOCK, usedStates } from './store.ts';
import { createTabFlow, endingMessages } from './tab-flow.ts';
import type { TokenStore, WithLock } from './tokens.ts';
import { chooseAccount, loginKeyOf } from './userinfo.ts';

/** How long a started sign-in stays answerable. DocuSign's codes live 2 minutes; typing a password takes longer. */
export const FLOW_TTL_MS = 10 * 60_000;
const FLOW_LOCK = 'signbridge-auth-flow';

/** `loginKey`: the login the notice is news of. */
export async function setNotice(kind: NoticeKind, code: string, message: string, loginKey?: string): Promise<void> {
  await notice.set({ kind, code, message, at: Date.now(), loginKey });
}

/** Every ending of a sign-in, as the popup's notice says it (public/_locales, `popup_link…`). */
const MESSAGES = endingMessages(
  {
    tab_closed: 'popup_linkTabClosed',
    denied: 'popup_linkDenied',
    expired: 'popup_linkExpired',
    reused: 'popup_linkReused',
    wrong_state: 'popup_linkWrongState',
  },
  (error) => t('popup_linkAuthError', error),
);

export interface FlowDeps {
  tokens: TokenStore;
  withLock: WithLock;
}

export function createLinkFlow(deps: FlowDeps) {
  const { withLock } = deps;
  const tabFlow = createTabFlow<PendingFlow>({
    lock: FLOW_LOCK,
    withLock,
    pending: pendingFlow,
    used: usedStates,
    messages: MESSAGES,
    notify: setNotice,
    complete: completeLink,
  });

  async function startLink(mode: FlowMode, loginKey: string | null): Promise<Result<{ started: true }>> {
    const { serverUrl, problem } = await serverSettings();
    if (serverUrl === null) return err(ErrorCodes.INVALID_SETTING, problem ?? t('popup_noServer'));
    const refused = await serverPermissionError(serverUrl);
    if (refused) return refused;
    const config = await fetchOAuthConfig(serverUrl);
    if (!config.ok) return config;
    const pkce = await newPkce();
    const now = Date.now();
    const flow: PendingFlow = {
      state: pkce.state,
      verifier: pkce.verifier,
      createdAt: now,
      expiresAt: now + FLOW_TTL_MS,
      tabId: null,
      mode,
      loginKey,
      server: serverUrl,
      ...config.value,
    };
    const url = authorizationUrl(config.value, { state: flow.state, codeChallenge: pkce.challenge, forceLogin: mode === 'add' });
    await tabFlow.begin(flow, url, () => notice.remove());
    return ok({ started: true as const });
  }

  async function completeLink(flow: PendingFlow, callbackUrl: string): Promise<void> {
    try {
      const tokens = await exchangeCode(flow, flow.state, callbackUrl, flow.verifier);
      const info = await readUserInfo(flow, tokens.accessToken);
      const key = loginKeyOf(flow.accountServer, info.sub);
      // A reconnect must come back as the same DocuSign user: another user's tokens would silently
      // take over that login (its name, its per-site choices) and send as someone else.
      if (flow.mode === 'reconnect' && flow.loginKey !== key) {
        await setNotice('error', 'other_user', t('popup_linkOtherUser', info.name, info.email));
        return;
      }
      const now = Date.now();
      // Refresh token first, as everywhere: a login record never points at tokens that were not stored.
      if (tokens.refreshToken !== undefined) await deps.tokens.writeRefresh(key, tokens.refreshToken);
      await deps.tokens.writeAccess(key, { token: tokens.accessToken, expiresAt: now + tokens.expiresInSeconds * 1000 });
      await withLock(STORE_LOCK, async () => {
        const all = await logins.get();
        const previous = all[key];
        const accountId = chooseAccount(info.accounts, previous?.accountId) ?? '';
        await logins.set({
          ...all,
          [key]: {
            key,
            accountServer: new URL(flow.accountServer).origin,
            server: flow.server,
            clientId: flow.clientId,
            sub: info.sub,
            name: info.name,
            email: info.email,
            status: tokens.refreshToken === undefined ? 'needs_reconnect' : 'connected',
            accounts: info.accounts,
            accountId,
            linkedAt: previous?.linkedAt ?? now,
            accountsReadAt: now,
          },
        });
        await selectedLogin.set(key);
      });
      await setNotice('success', 'linked', t(info.accounts.length === 0 ? 'popup_linkedNoAccount' : 'popup_linked', info.name, info.email), key);
    } catch (error) {
      if (error instanceof OAuthFailure && error.reason === 'unavailable') {
        await setNotice('error', ErrorCodes.AUTH_UNREACHABLE, t('popup_linkUnreachable'));
      } else if (error instanceof OAuthFailure) {
        await setNotice('error', 'code_refused', t('popup_linkCodeRefused'));
      } else {
        throw error;
      }
    }
  }

  return {
    startLink,
    onTabUpdated: (tabId: number, url: string) => tabFlow.onTabUpdated(tabId, url),
    onTabRemoved: (tabId: number) => tabFlow.onTabRemoved(tabId),
    /** The pending flow, cleared (with a notice) once it has expired without an answer. */
    pendingState: () => tabFlow.isPending(),
  };
}
