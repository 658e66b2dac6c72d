/**
 * Where the companion server is, and the OAuth parameters it hands out. The URL comes from an
 * administrator's policy (`storage.managed`, schema in public/managed_schema.json) first, then the
 * options page, then the built-in local default. The integration key, scopes and redirect URI come
 * from the server's `GET /v1/config`, so an administrator manages them in one place.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { ConfigResponse } from '../../shared/api.ts';
import type { ServerSettings } from '../../shared/auth.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { hostPermissionFor } from '../../shared/sites.ts';
import { accountServerProblem } from './account-servers.ts';
import type { OAuthConfig } from './oauth.ts';
import { serverUrlOption } from './store.ts';
import { normaliseServerUrl, pickServerUrl } from './settings.ts';

export { normaliseServerUrl };

async function managedServerUrl(): Promise<unknown> {
  try {
    const { serverUrl } = await browser.storage.managed.get('serverUrl');
    return serverUrl;
  } catch {
    // No policy store on this platform (or no policy): not an error.
    return undefined;
  }
}

/**
 * Without a host permission for the server, the worker could neither ask it for its settings nor see a
 * sign-in tab reach its callback page: a sign-in says so at once rather than leave a tab hanging.
 */
export async function serverPermissionError(serverUrl: string): Promise<Result<never> | null> {
  const serverOrigin = new URL(serverUrl).origin;
  // Never a pattern with a port: Firefox refuses one (see hostPermissionFor).
  const permission = hostPermissionFor(serverUrl);
  if (permission !== null && (await browser.permissions.contains({ origins: [permission] }))) return null;
  return err(
    ErrorCodes.PERMISSION_NEEDED,
    `SignBridge needs your permission to reach its server at ${serverOrigin}. Open SignBridge's options and click Save to grant it.`,
  );
}

export async function serverSettings(): Promise<ServerSettings> {
  return pickServerUrl(await managedServerUrl(), await serverUrlOption.get());
}

/** What `GET /v1/config` answers, validated. */
export type ServerConfig = v.InferOutput<typeof ConfigResponse>;

export async function fetchOAuthConfig(serverUrl: string): Promise<Result<OAuthConfig>> {
  const config = await fetchServerConfig(serverUrl);
  if (!config.ok) return config;
  const { accountServer, clientId, scopes, redirectUri } = config.value;
  return ok({ accountServer, clientId, scopes, redirectUri });
}

export async function fetchServerConfig(serverUrl: string): Promise<Result<ServerConfig>> {
  const unreachable = err(
    ErrorCodes.SERVER_UNREACHABLE,
    `SignBridge could not reach its server at ${serverUrl}. Check that it is running, or set its address in SignBridge's options.`,
  );
  let response: Response;
  try {
    response = await fetch(`${serverUrl}/v1/config`, { headers: { Accept: 'application/json' }, credentials: 'omit' });
  } catch {
    return unreachable;
  }
  if (!response.ok) return unreachable;
  const parsed = v.safeParse(ConfigResponse, await response.json().catch(() => null));
  if (!parsed.success) {
    return err(ErrorCodes.SERVER_UNREACHABLE, `The server at ${serverUrl} did not answer like a SignBridge server. Check the address in SignBridge's options.`);
  }
  // The server names DocuSign's account server; SignBridge checks it rather than trust it. (The
  // redirect URI needs no such check: DocuSign sends codes only to URIs registered on the key, and a
  // code is useless without the PKCE verifier, which never leaves the worker.)
  const problem = accountServerProblem(parsed.output.accountServer);
  if (problem !== null) {
    return err(ErrorCodes.AUTH_FAILED, `The server at ${serverUrl} sends sign-ins to a host SignBridge does not trust: ${problem} Nothing was opened. Ask your administrator.`);
  }
  return ok(parsed.output);
}
