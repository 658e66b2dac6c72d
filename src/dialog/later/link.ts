/**
 * Connect and Reconnect in the dialog (later/Connection.tsx shows them): which login to offer Reconnect
 * for, the command that starts a sign-in, and when one is over. Loaded after the first paint with the
 * rest of later/: the Connect and Reconnect buttons render from this chunk, so nothing can start a
 * sign-in before it is there.
 */
import type { AuthStatus, LoginView, OrganizationView } from '../../shared/auth.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { ext } from '../../shared/ext.ts';
import { t } from '../../shared/i18n.ts';
import { err } from '../../shared/result.ts';
import { call } from '../../shared/rpc.ts';
import { askSignInPermission } from '../../shared/sign-in-permission.ts';
import { hostPermissionFor } from '../../shared/site-of.ts';
import { selectedLogin, type DialogState, type Link } from '../state.ts';
import type { SendContext } from './commands.ts';

/**
 * Codes that say DocuSign no longer takes the login's tokens: only signing in again helps. Literals
 * checked against `ErrorCode`: the `ErrorCodes` object would bring every code into the dialog.
 */
const DEAD_LOGIN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'needs_reconnect',
  'docusign_token_expired',
  'docusign_token_revoked',
  'docusign_token_invalid',
]);

/** The login to offer Reconnect for: marked so by the worker, or just refused by DocuSign (until reconnected). */
export function reconnectTarget(state: DialogState): LoginView | null {
  const login = selectedLogin(state);
  if (!login) return null;
  if (login.status === 'needs_reconnect') return login;
  const { phase, link } = state;
  const reconnected = link.name === 'done' && link.mode === 'reconnect';
  return phase.name === 'failed' && DEAD_LOGIN_CODES.has(phase.failure.code) && !reconnected ? login : null;
}

/**
 * The organization to sign in to again: the dialog sends as it, and its session has ended (the worker
 * says so, or the server just refused it), until the member has signed in again from here.
 */
export function endedOrganization(state: DialogState): OrganizationView | null {
  const org = state.auth?.member.organization;
  if (!org || state.auth?.selected?.loginKey !== org.key) return null;
  if (org.state === 'expired') return org;
  const { phase, link } = state;
  const signedIn = link.name === 'done' && link.mode === 'signIn';
  return phase.name === 'failed' && phase.failure.code === ('session_expired' satisfies ErrorCode) && !signedIn ? org : null;
}

/**
 * A Connect or Reconnect is over once the worker holds a working login it read after the click; a
 * member's sign-in once the organization's session is active again. Either has failed once the worker
 * reports an error after the click (the sign-in tab closed, consent refused): its words are shown, and
 * the button works again.
 */
export function linkAfter(link: Link, auth: AuthStatus): Link {
  if (link.name !== 'started') return link;
  const { member } = auth;
  const signIn = link.mode === 'signIn';
  const fresh = (l: LoginView) => l.status === 'connected' && l.accountsReadAt >= link.at;
  const done = signIn
    ? member.organization?.state === 'active' && member.pendingProvider === null
    : !auth.pending && (link.mode === 'reconnect' ? auth.logins.some((l) => l.key === link.loginKey && fresh(l)) : auth.logins.some(fresh));
  if (done) return { name: 'done', mode: link.mode };
  if (signIn ? member.pendingProvider !== null : auth.pending) return link;
  const notice = signIn ? member.notice : auth.notice;
  return notice?.kind === 'error' && notice.at >= link.at ? { name: 'failed', message: notice.message } : link;
}

/** Connect a first DocuSign login, or Reconnect `loginKey`, in a new tab (the worker runs the flow). */
export function link({ dispatch, settings }: SendContext, mode: 'connect' | 'reconnect', loginKey?: string): void {
  // First thing in the click: Firefox honours a permission request only while the click runs.
  const asked = askSignInPermission(settings());
  dispatch({ type: 'linkStarted', mode, loginKey: loginKey ?? null, at: Date.now() });
  void (async () => {
    const allowed = await asked;
    const started = allowed.ok ? await call('authConnect', loginKey === undefined ? { mode } : { mode, loginKey }) : allowed;
    if (!started.ok) dispatch({ type: 'linkFailed', message: started.error.message });
  })();
}

/**
 * "Sign in again" with the organization's identity provider, in a new tab (the worker runs the flow, as
 * from the popup). The worker reaches the provider itself, so its host permission is asked for first
 * thing in the click when the issuer is known (granted at the first sign-in: no prompt then).
 */
export function signInAgain({ dispatch }: SendContext, org: OrganizationView, issuer: string | null): void {
  const pattern = issuer === null ? null : hostPermissionFor(issuer);
  const asked = pattern === null ? Promise.resolve(true) : ext().permissions.request({ origins: [pattern] }).catch(() => false);
  dispatch({ type: 'linkStarted', mode: 'signIn', loginKey: null, at: Date.now() });
  void (async () => {
    const started = (await asked)
      ? await call('memberSignIn', { identityProviderId: org.identityProviderId })
      : err('permission_needed', t('member_permissionRefused', issuer === null ? '' : new URL(issuer).origin));
    if (!started.ok) dispatch({ type: 'linkFailed', message: started.error.message });
  })();
}
