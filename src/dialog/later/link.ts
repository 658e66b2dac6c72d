/**
 * Connect and Reconnect in the dialog (later/Connection.tsx shows them): which login to offer Reconnect
 * for, the command that starts a sign-in, and when one is over. Loaded after the first paint with the
 * rest of later/: the Connect and Reconnect buttons render from this chunk, so nothing can start a
 * sign-in before it is there.
 */
import type { AuthStatus, LoginView } from '../../shared/auth.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { call } from '../../shared/rpc.ts';
import { askSignInPermission } from '../../shared/sign-in-permission.ts';
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

/** A Connect or Reconnect is over once the worker holds a working login it read after the click. */
export function linkAfter(link: Link, auth: AuthStatus): Link {
  if (link.name !== 'started' || auth.pending) return link;
  const fresh = (l: LoginView) => l.status === 'connected' && l.accountsReadAt >= link.at;
  const done = link.mode === 'reconnect' ? auth.logins.some((l) => l.key === link.loginKey && fresh(l)) : auth.logins.some(fresh);
  return done ? { name: 'done', mode: link.mode } : link;
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
