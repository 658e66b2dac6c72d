/**
 * Connect asks for the host permissions a sign-in needs, on the user's click (only a page with the
 * click may ask): the companion server in use (an administrator's server on any host is then usable
 * with no trip to the options page, whose field a policy locks) and the manifest's own hosts (DocuSign's
 * account servers; Firefox MV3 lets the user withdraw even those). Where all are granted, nothing is asked.
 *
 * `permissions.request` is called synchronously, before any await: Firefox honours it only while the
 * click's handler is still running (a request after an await is refused with no prompt). So the server
 * comes from settings the page already read, not from a call made now. Used by the popup and the dialog.
 * Codes are literals checked by `err` (the ErrorCodes object would ship every code in the dialog).
 */
import type { ServerSettings } from './auth.ts';
import { ext } from './ext.ts';
import { t } from './i18n.ts';
import { err, ok, type Result } from './result.ts';
import { hostPermissionFor } from './site-of.ts';


/** The origins to ask for, or the reason there is no server to ask about. Pure. */
export function signInOrigins(settings: ServerSettings | null, manifestHosts: readonly string[]): Result<string[]> {
  if (settings === null) return ok([...manifestHosts]);
  const { serverUrl, problem } = settings;
  if (serverUrl === null) return err('invalid_setting', problem ?? t('popup_noServer'));
  const server = hostPermissionFor(serverUrl);
  if (server === null) return err('invalid_setting', problem ?? t('popup_noServer'));
  return ok([server, ...manifestHosts.filter((h) => h !== server)]);
}

/**
 * Ask now (call it first thing in the click). `settings` null (not read yet): only the manifest's
 * hosts are asked for, and the worker refuses a sign-in whose server permission is missing.
 */
export function askSignInPermission(settings: ServerSettings | null): Promise<Result<{ granted: true }>> {
  const origins = signInOrigins(settings, ext().runtime.getManifest().host_permissions ?? []);
  if (!origins.ok) return Promise.resolve(origins);
  return ext().permissions.request({ origins: origins.value }).then(
    (granted) => (granted ? ok({ granted: true as const }) : err('permission_needed', t('popup_permissionRefused'))),
    () => err('permission_needed', t('popup_permissionRefused')),
  );
}
