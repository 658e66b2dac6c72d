/**
 * Signing in as an organization member: OpenID Connect Authorization Code + PKCE with the company's
 * identity provider in a normal tab, on the same machinery as linking a DocuSign login (tab-flow.ts).
 *
 * 1. `start` reads the identity provider from the server's `GET /v1/config`, discovers its endpoints,
 *    keeps verifier, state and nonce (single use, 10 minutes) in `storage.session` and opens the tab.
 * 2. The tab reaches the server's `/oidc/callback`; the worker consumes the state, closes the tab and
 *    exchanges the code as a public client (oauth4webapi checks the ID token's iss, aud, exp and nonce).
 * 3. The ID token and the nonce go to `POST /v1/sessions`; the server verifies the signature, finds the
 *    tenant from the verified email and answers with a SignBridge session, kept as member-store.ts says.
 * Every ending becomes the member notice the popup shows; nothing is half signed in.
 */
import browser from 'webextension-polyfill';
import type { NoticeKind } from '../../shared/auth.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { hostPermissionFor } from '../../shared/sites.ts';
import { recordsFromSession, emailDomain, sessionRefusal } from './member.ts';
import { discover, exchangeMemberCode, memberAuthorizationUrl, newMemberSecrets, type ProviderMetadata } from './member-oidc.ts';
import { createSession } from './member-server.ts';
import { membership, memberFlow, memberNotice, memberSession, memberUsedStates, type MemberFlow } from './member-store.ts';
import { OAuthFailure } from './oauth.ts';
import { fetchServerConfig, serverPermissionError, serverSettings } from './server.ts';
import { createTabFlow, endingMessages } from './tab-flow.ts';
import type { WithLock } from './tokens.ts';

/** As for DocuSign: an identity provider's code lives minutes, typing a password can take longer. */
export const MEMBER_FLOW_TTL_MS = 10 * 60_000;
const MEMBER_FLOW_LOCK = 'signbridge-member-flow';

export async function setMemberNotice(kind: NoticeKind, code: string, message: string): Promise<void> {
  await memberNotice.set({ kind, code, message, at: Date.now() });
}

export interface MemberFlowDeps {
  withLock: WithLock;
  fetch: typeof fetch;
}

/** The host permission every endpoint of the identity provider needs (the worker calls them directly). */
async function missingHostPermission(urls: readonly string[]): Promise<string | null> {
  for (const url of urls) {
    const origin = new URL(url).origin;
    const permission = hostPermissionFor(url);
    if (permission === null || !(await browser.permissions.contains({ origins: [permission] }))) return origin;
  }
  return null;
}

/** Every ending of a member sign-in, as the popup's notice says it (public/_locales, `member_…`). */
const MEMBER_ENDINGS = endingMessages(
  {
    tab_closed: 'member_tabClosed',
    denied: 'member_denied',
    expired: 'member_expiredFlow',
    reused: 'member_reused',
    wrong_state: 'member_wrongState',
  },
  (error) => t('member_authError', error),
);

export function createMemberFlow(deps: MemberFlowDeps) {
  const tabFlow = createTabFlow<MemberFlow>({
    lock: MEMBER_FLOW_LOCK,
    withLock: deps.withLock,
    pending: memberFlow,
    used: memberUsedStates,
    messages: MEMBER_ENDINGS,
    notify: setMemberNotice,
    complete,
  });

  async function start(identityProviderId: string): Promise<Result<{ started: true }>> {
    const { serverUrl, problem } = await serverSettings();
    if (serverUrl === null) return err(ErrorCodes.INVALID_SETTING, problem ?? t('member_serverUnreachable'));
    const refused = await serverPermissionError(serverUrl);
    if (refused) return refused;
    const config = await fetchServerConfig(serverUrl);
    if (!config.ok) return config;
    const provider = config.value.identityProviders.find((p) => p.id === identityProviderId);
    if (!provider) return err(ErrorCodes.UNKNOWN_IDENTITY_PROVIDER, t('member_providerUnknown'));
    const before = await missingHostPermission([provider.issuer]);
    if (before) return err(ErrorCodes.PERMISSION_NEEDED, t('member_needsPermission', before));
    let metadata: ProviderMetadata;
    try {
      metadata = await discover(provider.issuer);
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      return err(ErrorCodes.AUTH_UNREACHABLE, t('member_idpUnreachable', provider.name));
    }
    // Discovery may name a token endpoint on another host (Google's does): it needs the permission too.
    const after = await missingHostPermission([metadata.token_endpoint]);
    if (after) return err(ErrorCodes.PERMISSION_NEEDED, t('member_needsPermission', after));
    const secrets = await newMemberSecrets();
    const now = Date.now();
    const flow: MemberFlow = {
      state: secrets.state,
      verifier: secrets.verifier,
      nonce: secrets.nonce,
      createdAt: now,
      expiresAt: now + MEMBER_FLOW_TTL_MS,
      tabId: null,
      redirectUri: provider.redirectUri,
      server: serverUrl,
      identityProviderId: provider.id,
      providerName: provider.name,
      clientId: provider.clientId,
      scopes: provider.scopes,
      metadata,
    };
    const client = { issuer: provider.issuer, clientId: provider.clientId, redirectUri: provider.redirectUri, scopes: provider.scopes };
    await tabFlow.begin(flow, memberAuthorizationUrl(metadata, client, secrets), () => memberNotice.remove());
    return ok({ started: true as const });
  }

  async function complete(flow: MemberFlow, callbackUrl: string): Promise<void> {
    const company = flow.providerName;
    const client = { issuer: flow.metadata.issuer, clientId: flow.clientId, redirectUri: flow.redirectUri, scopes: flow.scopes };
    let tokens;
    try {
      tokens = await exchangeMemberCode(flow.metadata, client, flow, callbackUrl);
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      const unreachable = error.reason === 'unavailable';
      await setMemberNotice('error', unreachable ? ErrorCodes.AUTH_UNREACHABLE : ErrorCodes.AUTH_FAILED,
        unreachable ? t('member_idpUnreachable', company) : t('member_idpRefused', company));
      return;
    }
    // The ID token goes to the server the sign-in started through, never to one set since.
    const answer = await createSession(deps.fetch, flow.server, { identityProviderId: flow.identityProviderId, idToken: tokens.idToken, nonce: flow.nonce });
    if (!answer.ok) {
      const { code, message } = answer.error;
      const text = code === ErrorCodes.SERVER_UNREACHABLE
        ? t('member_serverUnreachable')
        : (sessionRefusal(code, { company, domain: emailDomain(tokens.email) }) ?? message);
      await setMemberNotice('error', code, text);
      return;
    }
    const records = recordsFromSession({ id: flow.identityProviderId, name: company }, answer.value, Date.now(), flow.server);
    // The secret first: a membership record never claims a session that was not stored.
    await memberSession.set(records.session);
    await membership.set(records.membership);
    const { member, tenant, sendAs } = records.membership;
    const key = sendAs.length === 0 ? 'member_signedInNoSendAs' : 'member_signedIn';
    await setMemberNotice('success', 'signed_in', t(key, member.name, member.email, tenant.name));
  }

  return {
    start,
    onTabUpdated: (tabId: number, url: string) => tabFlow.onTabUpdated(tabId, url),
    onTabRemoved: (tabId: number) => tabFlow.onTabRemoved(tabId),
    isPending: () => tabFlow.isPending(),
  };
}
