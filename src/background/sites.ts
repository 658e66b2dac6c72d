/**
 * Where the content script runs beyond the manifest's demo host: sites the user enabled from the popup
 * (`enabledSites` in storage.local) and sites an administrator lists (`storage.managed` key
 * `enabledSites`), each only once the browser granted its host permission. One dynamic registration
 * (`scripting.registerContentScripts`, persisted across browser restarts) carries them all; `syncSites`
 * brings it in line with storage and the granted permissions, and runs on install, on start-up, when
 * permissions or the policy change, and after the popup enables or disables a site.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok } from '../shared/result.ts';
import { isBuiltInSite, MANAGED_SITES_KEY, MAX_SITES, parseManagedSites, siteOf, sitePattern, sitesToRegister, type SiteStatus } from '../shared/sites.ts';
import type { Handlers } from './router.ts';
import { defineItem } from './storage.ts';

export const SCRIPT_ID = 'signbridge-sites';

/** Sites the user enabled from the popup (`scheme://host`). */
export const userSites = defineItem('local', 'enabledSites', v.pipe(v.array(v.string()), v.maxLength(MAX_SITES)), []);

async function managedSites(): Promise<string[]> {
  try {
    const raw: Record<string, unknown> = await browser.storage.managed.get(MANAGED_SITES_KEY);
    return parseManagedSites(raw[MANAGED_SITES_KEY], (m) => console.warn(`[signbridge] ${m}`));
  } catch {
    // No policy for this extension: no administrator sites.
    return [];
  }
}

const granted = (site: string) => browser.permissions.contains({ origins: [sitePattern(site)] });

async function registeredSites(): Promise<string[]> {
  const [script] = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  return (script?.matches ?? []).map((m) => m.replace(/\/\*$/, '')).sort();
}

/**
 * The content script's built files (their names are only known after the build): the one the manifest
 * declares, or, in a release, which declares none (no demo pages), the list the build wrote apart
 * (src/tools/manifest.ts).
 */
async function contentScriptFiles(): Promise<string[]> {
  const declared = browser.runtime.getManifest().content_scripts?.[0]?.js;
  if (declared) return declared;
  const listed: unknown = await fetch(browser.runtime.getURL('content-script.json')).then((r) => r.json(), () => []);
  return Array.isArray(listed) ? listed.filter((f): f is string => typeof f === 'string') : [];
}

/**
 * Registers the content script for exactly the sites that should have it. Under a Web Lock: two
 * syncs at once (start-up and a permission event) would otherwise both try to register the same id.
 */
export function syncSites(): Promise<string[]> {
  return navigator.locks.request('signbridge-sites', async () => {
    const [managed, user] = await Promise.all([managedSites(), userSites.get()]);
    const allowed = new Set<string>();
    for (const site of new Set([...managed, ...user])) if (await granted(site)) allowed.add(site);
    const wanted = sitesToRegister(user, managed, (s) => allowed.has(s));
    const current = await registeredSites();
    if (current.join(' ') === wanted.join(' ')) return wanted;
    if (current.length > 0) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (wanted.length > 0) {
      await chrome.scripting.registerContentScripts([
        { id: SCRIPT_ID, matches: wanted.map(sitePattern), js: await contentScriptFiles(), runAt: 'document_idle', persistAcrossSessions: true },
      ]);
    }
    return wanted;
  });
}

async function statusOf(site: string): Promise<SiteStatus> {
  const [managed, user, active, isGranted] = await Promise.all([managedSites(), userSites.get(), registeredSites(), granted(site)]);
  const source = isBuiltInSite(site) ? 'built-in' : managed.includes(site) ? 'managed' : user.includes(site) ? 'user' : 'off';
  return { site, source, granted: isGranted, active: source === 'built-in' || active.includes(site) };
}

const NOT_A_SITE = 'SignBridge runs on web pages (http or https) only.';

export function createSiteHandlers(): Pick<Handlers, 'siteStatus' | 'siteEnable' | 'siteDisable'> {
  return {
    async siteStatus({ url }) {
      const site = siteOf(url);
      return site === null ? err(ErrorCodes.INVALID_MESSAGE, NOT_A_SITE) : ok(await statusOf(site));
    },
    async siteEnable({ url }) {
      const site = siteOf(url);
      if (site === null) return err(ErrorCodes.INVALID_MESSAGE, NOT_A_SITE);
      // The popup asks for the permission (it has the click); without it the script could not run there.
      if (!(await granted(site))) return err(ErrorCodes.PERMISSION_NEEDED, `Allow SignBridge to read and change ${site} to enable it there.`);
      const user = await userSites.get();
      // An administrator's site stays theirs: when the policy drops it, it must not linger as the user's.
      const managed = await managedSites();
      if (!isBuiltInSite(site) && !managed.includes(site) && !user.includes(site)) await userSites.set([...user, site].slice(-MAX_SITES));
      await syncSites();
      return ok(await statusOf(site));
    },
    async siteDisable({ url }) {
      const site = siteOf(url);
      if (site === null) return err(ErrorCodes.INVALID_MESSAGE, NOT_A_SITE);
      if (isBuiltInSite(site)) return err(ErrorCodes.INVALID_SETTING, 'SignBridge always runs on its own demo pages.');
      if ((await managedSites()).includes(site)) return err(ErrorCodes.INVALID_SETTING, 'Your administrator enabled SignBridge on this site; only they can turn it off.');
      await userSites.set((await userSites.get()).filter((s) => s !== site));
      // Give the permission back too; a host the manifest requires (the local companion server) cannot be.
      const required = browser.runtime.getManifest().host_permissions ?? [];
      if (!required.includes(sitePattern(site))) await browser.permissions.remove({ origins: [sitePattern(site)] });
      await syncSites();
      return ok(await statusOf(site));
    },
  };
}
