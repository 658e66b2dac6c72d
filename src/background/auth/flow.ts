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
import browser from 'webextension-polyfill';
import type { NoticeKind } from '../../shared/auth.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { hostPermissionFor } from '../../shared/sites.ts';
import { authorizationUrl, exchangeCode, newPkce, OAuthFailure, readUserInfo } from './oauth.ts';
import { classifyRedirect, rememberState, type FlowMode, type PendingFlow, type RedirectOutcome } from './redirect.ts';
import { fetchOAuthConfig, serverSettings } from './server.ts';
import { logins, notice, pendingFlow, selectedLogin, STORE_LOCK, usedStates } from './store.ts';
import type { TokenStore, WithLock } from './tokens.ts';
import { chooseAccount, loginKeyOf } from './userinfo.ts';

/** How long a started sign-in stays answerable. DocuSign's codes live 2 minutes; typing a password takes longer. */
export const FLOW_TTL_MS = 10 * 60_000;
const USED_STATE_KEEP_MS = 60 * 60_000;
const FLOW_LOCK = 'signbridge-auth-flow';

export async function setNotice(kind: NoticeKind, code: string, message: string): Promise<void> {
  await notice.set({ kind, code, message, at: Date.now() });
}

const NOTHING_LINKED = 'Nothing was linked.';
const MESSAGES = {
  tab_closed: `The DocuSign sign-in tab was closed before you finished. ${NOTHING_LINKED} Click Connect DocuSign to try again.`,
  denied: `You did not allow SignBridge to use your DocuSign account. ${NOTHING_LINKED} To link it, click Connect DocuSign and choose Allow access.`,
  expired: `The sign-in took too long and expired, for your safety. ${NOTHING_LINKED} Click Connect DocuSign to try again.`,
  reused: `SignBridge ignored a DocuSign sign-in answer that was already used. ${NOTHING_LINKED}`,
  wrong_state: `SignBridge ignored a DocuSign sign-in answer it did not ask for (its security check did not match). ${NOTHING_LINKED} If you were signing in, click Connect DocuSign to try again.`,
  code_refused: `DocuSign did not accept the sign-in (the code may have expired). ${NOTHING_LINKED} Click Connect DocuSign to try again.`,
  auth_unreachable: `SignBridge could not reach DocuSign to finish signing in. ${NOTHING_LINKED} Check your connection and try again.`,
} as const;

export interface FlowDeps {
  tokens: TokenStore;
  withLock: WithLock;
}

export function createLinkFlow(deps: FlowDeps) {
  const { withLock } = deps;

  async function closeTab(tabId: number | null): Promise<void> {
    if (tabId === null) return;
    await browser.tabs.remove(tabId).catch(() => undefined);
  }

  async function startLink(mode: FlowMode, loginKey: string | null): Promise<Result<{ started: true }>> {
    const { serverUrl } = await serverSettings();
    // Without a host permission for the server, the worker could neither ask it for the OAuth settings
    // nor see the sign-in tab reach its /oauth/callback: say so now rather than leave a tab hanging.
    const serverOrigin = new URL(serverUrl).origin;
    const serverPermission = hostPermissionFor(serverUrl);
    if (serverPermission === null || !(await browser.permissions.contains({ origins: [serverPermission] }))) {
      return err(
        ErrorCodes.PERMISSION_NEEDED,
        `SignBridge needs your permission to reach its server at ${serverOrigin}. Open SignBridge's options and click Save to grant it.`,
      );
    }
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
      ...config.value,
    };
    const previous = await withLock(FLOW_LOCK, async () => {
      const old = await pendingFlow.get();
      await pendingFlow.set(flow);
      await notice.remove();
      return old;
    });
    // A newer sign-in replaces an unfinished one; its tab would only confuse.
    if (previous) await closeTab(previous.tabId);
    const url = authorizationUrl(config.value, { state: flow.state, codeChallenge: pkce.challenge, forceLogin: mode === 'add' });
    const tab = await browser.tabs.create({ url, active: true });
    await withLock(FLOW_LOCK, async () => {
      const current = await pendingFlow.get();
      if (current?.state === flow.state && tab.id !== undefined) await pendingFlow.set({ ...current, tabId: tab.id });
    });
    return ok({ started: true as const });
  }

  /** Decide, under the flow lock, what a URL in a tab means, and consume the flow if it answers it. */
  async function claim(tabId: number, url: string): Promise<RedirectOutcome> {
    return withLock(FLOW_LOCK, async () => {
      const [flow, used] = [await pendingFlow.get(), await usedStates.get()];
      const now = Date.now();
      const outcome = classifyRedirect(url, tabId, now, flow, used);
      if (outcome.kind === 'not_redirect' || outcome.kind === 'reused' || outcome.kind === 'repeat') return outcome;
      const answered = 'flow' in outcome ? outcome.flow : null;
      if (answered) {
        await pendingFlow.set(null);
        await usedStates.set(rememberState(used, { state: answered.state, redirectUri: answered.redirectUri, at: now, tabId }, now, USED_STATE_KEEP_MS));
      }
      return outcome;
    });
  }

  async function onTabUpdated(tabId: number, url: string): Promise<void> {
    const outcome = await claim(tabId, url);
    switch (outcome.kind) {
      case 'not_redirect':
      case 'repeat':
        return;
      case 'reused':
        await setNotice('error', 'state_reused', MESSAGES.reused);
        await closeTab(tabId);
        return;
      case 'wrong_state':
        await setNotice('error', 'state_mismatch', MESSAGES.wrong_state);
        await closeTab(tabId);
        return;
      case 'expired':
        await setNotice('error', 'state_expired', MESSAGES.expired);
        await closeTab(tabId);
        return;
      case 'denied':
        await setNotice('error', 'access_denied', MESSAGES.denied);
        await closeTab(tabId);
        return;
      case 'auth_error':
        await setNotice('error', 'auth_error', `DocuSign could not complete the sign-in (${outcome.error}). ${NOTHING_LINKED} Try again.`);
        await closeTab(tabId);
        return;
      case 'code':
        await closeTab(tabId);
        await completeLink(outcome.flow, url);
        return;
    }
  }

  async function onTabRemoved(tabId: number): Promise<void> {
    const abandoned = await withLock(FLOW_LOCK, async () => {
      const flow = await pendingFlow.get();
      if (flow?.tabId !== tabId) return false;
      await pendingFlow.set(null);
      return true;
    });
    if (abandoned) await setNotice('error', 'tab_closed', MESSAGES.tab_closed);
  }

  async function completeLink(flow: PendingFlow, callbackUrl: string): Promise<void> {
    try {
      const tokens = await exchangeCode(flow, flow.state, callbackUrl, flow.verifier);
      const info = await readUserInfo(flow, tokens.accessToken);
      const key = loginKeyOf(flow.accountServer, info.sub);
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
      const accountNote = info.accounts.length === 0 ? ' This login has no DocuSign account to send from.' : '';
      await setNotice('success', 'linked', `Connected as ${info.name} (${info.email}).${accountNote}`);
    } catch (error) {
      if (error instanceof OAuthFailure && error.reason === 'unavailable') {
        await setNotice('error', ErrorCodes.AUTH_UNREACHABLE, MESSAGES.auth_unreachable);
      } else if (error instanceof OAuthFailure) {
        await setNotice('error', 'code_refused', MESSAGES.code_refused);
      } else {
        throw error;
      }
    }
  }

  /** The pending flow, cleared (with a notice) once it has expired without an answer. */
  async function pendingState(): Promise<boolean> {
    const expired = await withLock(FLOW_LOCK, async () => {
      const flow = await pendingFlow.get();
      if (flow === null) return null;
      if (Date.now() <= flow.expiresAt) return false;
      await pendingFlow.set(null);
      return flow;
    });
    if (expired === null) return false;
    if (expired === false) return true;
    await closeTab(expired.tabId);
    await setNotice('error', 'state_expired', MESSAGES.expired);
    return false;
  }

  return { startLink, onTabUpdated, onTabRemoved, pendingState };
}
