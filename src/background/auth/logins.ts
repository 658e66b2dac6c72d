/**
 * The linked logins as the popup and the send dialog see them, and what the user can do to them:
 * pick a login and account, re-read accounts, disconnect.
 */
import browser from 'webextension-polyfill';
import {
  isOrganizationKey,
  organizationChoice,
  organizationSendingAsLabel,
  resolveSelection,
  sendingAsLabel,
  type AuthStatus,
  type MemberStatus,
  type Notice,
} from '../../shared/auth.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { OAuthFailure, readUserInfo } from './oauth.ts';
import { memberNotice } from './member-store.ts';
import { fetchOAuthConfig, serverSettings } from './server.ts';
import { accessTokens, logins, notice, sealedRefreshTokens, selectedLogin, siteChoices, STORE_LOCK, toView } from './store.ts';
import { needsReconnectMessage, type AccessToken, type WithLock } from './tokens.ts';
import { accountServerOfKey, chooseAccount } from './userinfo.ts';

/** Good news is worth showing for a while; errors stay until dismissed or a new sign-in starts. */
const GOOD_NEWS_SHOWN_MS = 5 * 60_000;

const notLinked = () => err(ErrorCodes.NOT_LINKED, t('popup_errorNotLinked'));

const endGoodNews = async (item: { get(): Promise<Notice | null>; remove(): Promise<void> }) => {
  if ((await item.get())?.kind !== 'error') await item.remove();
};

export interface LoginDeps {
  withLock: WithLock;
  getAccessToken(loginKey: string): Promise<Result<AccessToken>>;
  /** DocuSign refused this access token (401): mark its login needs-reconnect (tokens.ts `refused`). */
  refused(accessToken: string): Promise<string | undefined>;
  pendingState(): Promise<boolean>;
  /** The organization member sign-in (members.ts): its organization stands beside the logins in a selection. */
  memberStatus(): Promise<MemberStatus>;
}

export function createLogins(deps: LoginDeps) {
  const { withLock } = deps;

  async function status(site?: string): Promise<AuthStatus> {
    const pending = await deps.pendingState();
    const all = Object.values(await logins.get()).sort((a, b) => a.linkedAt - b.linkedAt);
    const member = await deps.memberStatus();
    const organization = organizationChoice(member.organization);
    const settings = await serverSettings();
    const siteChoice = site === undefined ? undefined : (await siteChoices.get())[new URL(site).origin];
    const resolved = resolveSelection(organization ? [...all, organization] : all, await selectedLogin.get(), siteChoice);
    const selectedRecord = all.find((l) => l.key === resolved?.selection.loginKey);
    const views = all.map((login) => toView(login, settings));
    const current = await notice.get();
    // "Connected as Alice" must not stand above Alice's "Needs reconnect" (her tokens died since, or the
    // server changed): good news of a login ends when that login cannot send. Errors stay until dismissed.
    const dead = current?.loginKey !== undefined && views.some((l) => l.key === current.loginKey && l.status === 'needs_reconnect');
    const shown = current !== null && (current.kind === 'error' || (!dead && Date.now() - current.at < GOOD_NEWS_SHOWN_MS)) ? current : null;
    const org = member.organization;
    const orgLabel = org && resolved?.selection.loginKey === org.key ? organizationSendingAsLabel(org, resolved.selection.accountId) : null;
    return {
      logins: views,
      member,
      selected: resolved?.selection ?? null,
      selectedForSite: resolved?.forSite ?? false,
      sendingAs: selectedRecord && resolved ? sendingAsLabel(selectedRecord, resolved.selection.accountId) : orgLabel,
      pending,
      notice: shown,
    };
  }

  async function select(loginKey: string, accountId: string, site?: string): Promise<Result<AuthStatus>> {
    const organization = isOrganizationKey(loginKey) ? organizationChoice((await deps.memberStatus()).organization) : null;
    const found = await withLock(STORE_LOCK, async () => {
      const all = await logins.get();
      const login = all[loginKey] ?? (organization?.key === loginKey ? organization : undefined);
      if (!login || !login.accounts.some((a) => a.accountId === accountId)) return false;
      if (site !== undefined) {
        await siteChoices.set({ ...(await siteChoices.get()), [new URL(site).origin]: { loginKey, accountId } });
        return true;
      }
      const linked = all[loginKey];
      if (linked) await logins.set({ ...all, [loginKey]: { ...linked, accountId } });
      await selectedLogin.set(loginKey);
      return true;
    });
    // "Connected as Bob" (or "Signed in as Dana") must not stand above "Sending as Alice": good news
    // about an earlier choice ends when the choice changes. Errors stay until dismissed.
    if (found && site === undefined) await Promise.all([endGoodNews(notice), endGoodNews(memberNotice)]);
    if (!found) return err(ErrorCodes.NOT_FOUND, t('popup_errorAccountGone'));
    return ok(await status(site));
  }

  /** The site sends from the global choice again. */
  async function forgetSite(site: string): Promise<AuthStatus> {
    const origin = new URL(site).origin;
    await withLock(STORE_LOCK, async () => {
      const { [origin]: _forgotten, ...rest } = await siteChoices.get();
      await siteChoices.set(rest);
    });
    return status(site);
  }

  async function refreshAccounts(loginKey: string): Promise<Result<AuthStatus>> {
    const login = (await logins.get())[loginKey];
    if (!login) return notLinked();
    const token = await deps.getAccessToken(loginKey);
    if (!token.ok) return token;
    let info;
    try {
      const accountServer = accountServerOfKey(loginKey, login);
      if (accountServer === null) return notLinked();
      info = await readUserInfo({ accountServer, clientId: login.clientId }, token.value.token);
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      // A dead login is not "try again later": it needs the user's Reconnect.
      if (error.reason === 'invalid_token') {
        await deps.refused(token.value.token);
        return err(ErrorCodes.NEEDS_RECONNECT, needsReconnectMessage());
      }
      return err(ErrorCodes.AUTH_UNREACHABLE, t('popup_errorAccountsUnreachable'));
    }
    await withLock(STORE_LOCK, async () => {
      const all = await logins.get();
      const current = all[loginKey];
      if (!current) return;
      const accountId = chooseAccount(info.accounts, current.accountId) ?? '';
      await logins.set({ ...all, [loginKey]: { ...current, name: info.name, email: info.email, accounts: info.accounts, accountId, accountsReadAt: Date.now() } });
    });
    return ok(await status());
  }

  async function disconnect(loginKey: string, signOutOfDocuSign: boolean): Promise<Result<{ signedOut: boolean }>> {
    const removed = await withLock(STORE_LOCK, async () => {
      const all = await logins.get();
      const { [loginKey]: login, ...rest } = all;
      if (!login) return null;
      await logins.set(rest);
      const { [loginKey]: _sealed, ...sealed } = await sealedRefreshTokens.get();
      await sealedRefreshTokens.set(sealed);
      const { [loginKey]: _access, ...access } = await accessTokens.get();
      await accessTokens.set(access);
      if ((await selectedLogin.get()) === loginKey) await selectedLogin.set(Object.keys(rest)[0] ?? null);
      const sites = Object.entries(await siteChoices.get()).filter(([, choice]) => choice.loginKey !== loginKey);
      await siteChoices.set(Object.fromEntries(sites));
      return login;
    });
    if (!removed) return notLinked();
    await notice.set({ kind: 'info', code: 'disconnected', message: t('popup_disconnected', removed.name, removed.email), at: Date.now() });
    if (!signOutOfDocuSign) return ok({ signedOut: false });
    // DocuSign's logout endpoint (FACTS.md 1.1) ends its own browser session, so the next Connect asks for a password.
    const url = new URL('/oauth/logout', removed.accountServer);
    url.searchParams.set('client_id', removed.clientId);
    const { serverUrl } = await serverSettings();
    const config = serverUrl === removed.server ? await fetchOAuthConfig(serverUrl) : null;
    if (config?.ok) {
      url.searchParams.set('redirect_uri', config.value.redirectUri);
      url.searchParams.set('response_mode', 'logout_redirect');
    }
    await browser.tabs.create({ url: url.toString(), active: true });
    return ok({ signedOut: true });
  }

  async function dismissNotice(): Promise<AuthStatus> {
    await notice.remove();
    return status();
  }

  return { status, select, forgetSite, refreshAccounts, disconnect, dismissNotice };
}
