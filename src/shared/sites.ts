/**
 * Sites the content script runs on beyond the built-in demo host: sites the user enables from the
 * popup and sites an administrator lists in `storage.managed` (key `enabledSites`). A site is a scheme
 * and a host name (`https://crm.acme.example`), every port included, the way host permissions and
 * content-script match patterns see it. Pure: used by the worker and the popup.
 */

import { hostPermissionFor, siteOf, sitePattern } from './site-of.ts';

export { hostPermissionFor, siteOf, sitePattern };

/** The policy key an administrator lists sites under (declared in public/managed_schema.json). */
export const MANAGED_SITES_KEY = 'enabledSites';
export const MAX_SITES = 200;

/** Where the manifest's own content script already runs (the demo and fixture pages). */
export const BUILT_IN_SITES: readonly string[] = ['http://127.0.0.1'];

export const isBuiltInSite = (site: string): boolean => BUILT_IN_SITES.includes(site);

/** The administrator's list: each entry an http(s) origin or URL; anything else is dropped (and reported). */
export function parseManagedSites(raw: unknown, warn: (message: string) => void = () => {}): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    warn(`storage.managed "${MANAGED_SITES_KEY}" is not an array; ignored.`);
    return [];
  }
  const sites: string[] = [];
  for (const [index, entry] of raw.slice(0, MAX_SITES).entries()) {
    const site = typeof entry === 'string' ? siteOf(entry.trim()) : null;
    if (site === null) warn(`storage.managed "${MANAGED_SITES_KEY}"[${index}] is not an http(s) address; ignored.`);
    else if (!sites.includes(site)) sites.push(site);
  }
  return sites;
}

/**
 * The sites to register the content script for: the user's and the administrator's, minus the
 * built-in ones (the manifest's script runs there already; twice would decorate twice), minus those
 * the browser has not granted (Chrome would not inject there anyway), sorted for a stable comparison.
 */
export function sitesToRegister(user: readonly string[], managed: readonly string[], granted: (site: string) => boolean): string[] {
  return [...new Set([...managed, ...user])].filter((s) => !isBuiltInSite(s) && granted(s)).sort();
}

/** What the popup shows for the active tab's site. */
export interface SiteStatus {
  site: string;
  /** `built-in`: the demo host; `managed`: listed by the administrator; `user`: enabled by you; `off`. */
  source: 'built-in' | 'managed' | 'user' | 'off';
  /** Whether the browser lets SignBridge run there (host permission granted). */
  granted: boolean;
  /** Whether the content script is registered for the site right now. */
  active: boolean;
}
