/**
 * A site as host permissions and match patterns see it (a scheme and a host name, every port), from a
 * URL. Apart from sites.ts so that the send dialog, which asks for a sign-in's permission, loads only
 * this (its initial load has a budget: test/unit/bundle-size.test.ts). Pure.
 */

/** `scheme://host` of an http(s) URL or origin, or null for anything else (chrome://, file:, junk). */
export function siteOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return null;
  return `${parsed.protocol}//${parsed.hostname}`;
}

/** The match pattern (host permission and content-script `matches`) of a site: every port and path. */
export const sitePattern = (site: string): string => `${site}/*`;

/**
 * The host permission that covers `url` (its scheme and host, every port), or null. Never with a port:
 * Firefox refuses a match pattern that names one, and a permission is per host in both browsers.
 */
export function hostPermissionFor(url: string): string | null {
  const site = siteOf(url);
  return site === null ? null : sitePattern(site);
}
