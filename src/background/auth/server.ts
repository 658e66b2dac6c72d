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
import type { OAuthConfig } from './oauth.ts';
import { serverUrlOption } from './store.ts';
import { normaliseServerUrl } from './userinfo.ts';

export { normaliseServerUrl };

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

async function managedServerUrl(): Promise<string | null> {
  try {
    const { serverUrl } = await browser.storage.managed.get('serverUrl');
    return typeof serverUrl === 'string' ? normaliseServerUrl(serverUrl) : null;
  } catch {
    // No policy store on this platform (or no policy): not an error.
    return null;
  }
}

export async function serverSettings(): Promise<ServerSettings> {
  const optionsValue = await serverUrlOption.get();
  const managed = await managedServerUrl();
  if (managed !== null) return { serverUrl: managed, source: 'managed', optionsValue };
  const fromOptions = optionsValue === null ? null : normaliseServerUrl(optionsValue);
  if (fromOptions !== null) return { serverUrl: fromOptions, source: 'options', optionsValue };
  return { serverUrl: DEFAULT_SERVER_URL, source: 'default', optionsValue };
}

export async function fetchOAuthConfig(serverUrl: string): Promise<Result<OAuthConfig>> {
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
  return ok(parsed.output);
}
