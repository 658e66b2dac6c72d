/**
 * The organization member as the rest of the worker sees it: the popup's status, signing out, and the
 * session credential a send uses. The session token leaves the worker only towards the companion
 * server (an `Authorization` header); pages see names, the organization and its accounts.
 */
import type { MemberStatus } from '../../shared/auth.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { createMemberFlow, setMemberNotice } from './member-flow.ts';
import { endSession } from './member-server.ts';
import { membership, memberFlow, memberNotice, memberSession } from './member-store.ts';
import { organizationKey, organizationView, sessionState } from './member.ts';
import { fetchServerConfig, serverSettings } from './server.ts';
import type { WithLock } from './tokens.ts';

/** Good news is worth showing for a while; errors stay until dismissed or a new sign-in starts. */
const GOOD_NEWS_SHOWN_MS = 5 * 60_000;

export interface MemberGrant {
  accessToken: string;
  accountId: string;
  /** The companion server that issued the session: the only one it may be sent to. */
  serverUrl: string;
}

export function createMembers(deps: { withLock: WithLock; fetch: typeof fetch }) {
  const flow = createMemberFlow(deps);

  async function status(): Promise<MemberStatus> {
    const pending = await flow.isPending();
    const [record, session, current] = [await membership.get(), await memberSession.get(), await memberNotice.get()];
    const pendingFlow = pending ? await memberFlow.get() : null;
    const organization = organizationView(record, session, Date.now());
    // "Signed in as Dana" must not stand above "Your session has ended": good news ends with the session.
    const good = organization?.state !== 'expired' && current !== null && Date.now() - current.at < GOOD_NEWS_SHOWN_MS;
    return {
      organization,
      pendingProvider: pendingFlow?.providerName ?? null,
      notice: current !== null && (current.kind === 'error' || good) ? current : null,
    };
  }

  /** The identity providers the server offers, for the popup's "Sign in with <company>" buttons. */
  async function providers(): Promise<Result<{ providers: { id: string; name: string; issuer: string }[] }>> {
    const { serverUrl, problem } = await serverSettings();
    if (serverUrl === null) return err(ErrorCodes.INVALID_SETTING, problem ?? t('member_serverUnreachable'));
    const config = await fetchServerConfig(serverUrl);
    if (!config.ok) return config;
    return ok({ providers: config.value.identityProviders.map(({ id, name, issuer }) => ({ id, name, issuer })) });
  }

  async function signOut(): Promise<Result<{ signedOut: true }>> {
    const [record, session] = [await membership.get(), await memberSession.get()];
    if (record === null) return err(ErrorCodes.NOT_FOUND, t('member_notSignedIn'));
    const ended = session === null || (await endSession(deps.fetch, session.server, session.token));
    await memberSession.set(null);
    await membership.set(null);
    const { member, tenant } = record;
    await setMemberNotice('info', 'signed_out', t(ended ? 'member_signedOut' : 'member_signedOutLocally', member.name, tenant.name));
    return ok({ signedOut: true as const });
  }

  /**
   * The member session for a send from the organization `key`: the token and the account (the one
   * asked for, if it is the organization's, else its first). Nothing when the session is over.
   */
  async function grant(key: string, accountId: string | undefined): Promise<Result<MemberGrant>> {
    const [record, session] = [await membership.get(), await memberSession.get()];
    if (record === null || organizationKey(record.tenant.id) !== key) return err(ErrorCodes.NOT_LINKED, t('member_notSignedIn'));
    const account = record.sendAs.find((a) => a.accountId === accountId) ?? record.sendAs[0];
    if (!account) return err(ErrorCodes.ACCOUNT_NOT_ALLOWED, t('member_noSendAs', record.tenant.name));
    if (session === null || sessionState(record, session, Date.now()) !== 'active') {
      return err(ErrorCodes.SESSION_EXPIRED, t('member_sessionExpired', record.tenant.name));
    }
    // Like a login's tokens, a session goes only to the server that issued it: after the server in use
    // changed (options or policy), the member signs in again through the new one.
    if ((await serverSettings()).serverUrl !== session.server) {
      return err(ErrorCodes.SESSION_EXPIRED, t('member_sessionExpired', record.tenant.name));
    }
    return ok({ accessToken: session.token, accountId: account.accountId, serverUrl: session.server });
  }

  /** The server refused `token` (401: expired or revoked there): forget it, so the menu says "Sign in again". */
  async function refused(token: string): Promise<void> {
    await deps.withLock('signbridge-member-session', async () => {
      if ((await memberSession.get())?.token === token) await memberSession.set(null);
    });
  }

  return {
    status,
    providers,
    signIn: (identityProviderId: string) => flow.start(identityProviderId),
    signOut,
    grant,
    refused,
    dismissNotice: () => memberNotice.remove(),
    onTabUpdated: (tabId: number, url: string) => flow.onTabUpdated(tabId, url),
    onTabRemoved: (tabId: number) => flow.onTabRemoved(tabId),
  };
}

export type Members = ReturnType<typeof createMembers>;
