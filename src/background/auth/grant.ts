/**
 * The one way worker code gets a token to send to the companion server: the token and the server it
 * may go to, together. A login's tokens go only to the server it was linked through; when the server
 * in use has changed since (options page or policy), the login must be relinked first.
 */
import { ErrorCodes } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { serverSettings } from './server.ts';
import { bindingProblem } from './settings.ts';
import { logins } from './store.ts';
import type { AccessToken } from './tokens.ts';

export interface ServerGrant {
  accessToken: string;
  /** The companion server this login was linked through, and the only one its token may be sent to. */
  serverUrl: string;
}

export function createGrant(getAccessToken: (loginKey: string) => Promise<Result<AccessToken>>) {
  return async function grantFor(loginKey: string): Promise<Result<ServerGrant>> {
    const login = (await logins.get())[loginKey];
    if (!login) return err(ErrorCodes.NOT_LINKED, 'This DocuSign login is not linked any more. Connect it from the SignBridge menu.');
    const problem = bindingProblem(login.server, await serverSettings());
    if (problem !== null) return err(ErrorCodes.NEEDS_RECONNECT, problem);
    const token = await getAccessToken(loginKey);
    if (!token.ok) return token;
    return ok({ accessToken: token.value.token, serverUrl: login.server });
  };
}
