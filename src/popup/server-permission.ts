/**
 * Connect asks for the host permission of the companion server in use, on the user's click (only a
 * page with the click may ask). A server an administrator set by policy on any host other than this
 * computer is then usable with no trip to the options page, whose field a policy locks.
 */
import browser from 'webextension-polyfill';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { call } from '../shared/rpc.ts';
import { hostPermissionFor } from '../shared/sites.ts';

export async function askServerPermission(): Promise<Result<{ granted: true }>> {
  const settings = await call('settingsGet', {});
  if (!settings.ok) return settings;
  const { serverUrl, problem } = settings.value;
  if (serverUrl === null) return err(ErrorCodes.INVALID_SETTING, problem ?? 'No SignBridge server is set.');
  const origin = new URL(serverUrl).origin;
  if (await browser.permissions.request({ origins: [hostPermissionFor(serverUrl) ?? `${origin}/*`] })) return ok({ granted: true as const });
  return err(ErrorCodes.PERMISSION_NEEDED, `SignBridge needs your permission to reach its server at ${origin}. Nothing was opened; click Connect DocuSign again and allow it.`);
}
