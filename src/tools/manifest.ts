/**
 * The manifest of one build target, computed from manifest.json (the development/chromium base) by one
 * pure function. Two axes (see vite.config.ts): the browser (written on branch `firefox`) and the
 * flavour. A release carries no demo trust: no loopback host permissions and no content script on
 * loopback pages (the demo and the server's own OAuth callback page live there); what a release
 * trusts comes from the user or an administrator.
 */
import type { BuildBrowser, BuildFlavour } from '../shared/build.ts';

export interface Target {
  browser: BuildBrowser;
  flavour: BuildFlavour;
}

export interface ContentScript {
  matches: string[];
  js?: string[];
  [key: string]: unknown;
}

export interface Manifest {
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  web_accessible_resources?: { resources: string[]; matches: string[] }[];
  browser_specific_settings?: { gecko: GeckoSettings };
  host_permissions?: string[];
  content_scripts?: ContentScript[];
  [key: string]: unknown;
}

interface GeckoSettings {
  id: string;
  strict_min_version: string;
  data_collection_permissions: { required: string[] };
}

const LOOPBACK = /^(\*|https?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

export const isLoopbackPattern = (pattern: string): boolean => LOOPBACK.test(pattern);

function forFlavour(base: Manifest, flavour: BuildFlavour): Manifest {
  if (flavour === 'development') return base;
  const { host_permissions: hosts, content_scripts: scripts, ...rest } = base;
  return {
    ...rest,
    ...(hosts ? { host_permissions: hosts.filter((h) => !isLoopbackPattern(h)) } : {}),
    // An entry left with no match stays for the build (its file is what sites the user enables get,
    // through scripting.registerContentScripts); RELEASE_MANIFEST_STEP drops it from the output.
    ...(scripts ? { content_scripts: scripts.map((s) => ({ ...s, matches: s.matches.filter((m) => !isLoopbackPattern(m)) })) } : {}),
  };
}

/** The add-on id Firefox knows SignBridge by: policies.json's `3rdparty.Extensions` key, AMO's listing. */
export const GECKO_ID = 'signbridge@signbridge.app';

/**
 * 128 is the oldest Firefox with everything the code uses: `optional_host_permissions` (128),
 * `storage.session` (115), module background scripts (112) and, in the content script, AbortSignal.any (124).
 */
export const FIREFOX_MIN_VERSION = '128.0';

/** The send dialog's page; Firefox opens it in a window of its own and never frames it (see platform.ts). */
export const DIALOG_PAGE = 'src/dialog/index.html';

// Chromium (Chrome and Edge) is the base as it is.
function forBrowser(base: Manifest, browser: BuildBrowser): Manifest {
  return browser === 'firefox' ? forFirefox(base) : base;
}

function forFirefox(base: Manifest): Manifest {
  // Chrome-only keys: Firefox reads managed storage from policies.json, with no schema in the manifest.
  const { minimum_chrome_version: _chromeOnly, storage: _managedSchema, web_accessible_resources: _frames, ...rest } = base;
  const worker = base.background?.service_worker;
  // Firefox has no extension service worker: the same module runs as an event page (background.scripts).
  const background = worker ? { scripts: [worker], type: 'module' } : base.background;
  // The dialog opens as an extension window there, so no web page needs to (or can) frame it.
  const accessible = (base.web_accessible_resources ?? [])
    .map((entry) => ({ ...entry, resources: entry.resources.filter((r) => r !== DIALOG_PAGE) }))
    .filter((entry) => entry.resources.length > 0);
  return {
    ...rest,
    ...(background ? { background } : {}),
    ...(accessible.length > 0 ? { web_accessible_resources: accessible } : {}),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // What leaves the browser, towards the organization's companion server and DocuSign: the page's
        // document and its recipients' names and emails, and the user's DocuSign access token.
        data_collection_permissions: { required: ['websiteContent', 'personallyIdentifyingInfo', 'authenticationInfo'] },
      },
    },
  };
}

export function manifestFor(base: Manifest, target: Target): Manifest {
  return forBrowser(forFlavour(structuredClone(base), target.flavour), target.browser);
}

/** Where a build with no declared content script lists the content script's built files (read by background/sites.ts). */
export const CONTENT_SCRIPT_LIST = 'content-script.json';

/**
 * After the extension plugin wrote its manifest: content scripts without a match (a release's demo
 * script) are taken out, Chrome refuses an empty `matches`, and their files are listed in
 * CONTENT_SCRIPT_LIST instead. Pure, on the manifest's JSON text.
 */
export function withoutEmptyContentScripts(manifestJson: string): { manifest: string; files: string[] } {
  const manifest = JSON.parse(manifestJson) as Manifest;
  const scripts = manifest.content_scripts ?? [];
  const empty = scripts.filter((s) => s.matches.length === 0);
  if (empty.length === 0) return { manifest: manifestJson, files: [] };
  const kept = scripts.filter((s) => s.matches.length > 0);
  const { content_scripts: _dropped, ...rest } = manifest;
  const next = kept.length > 0 ? { ...rest, content_scripts: kept } : rest;
  return { manifest: JSON.stringify(next, null, 2), files: empty.flatMap((s) => s.js ?? []) };
}

/** Where the extension plugin writes the content scripts it builds as one file each (src/content/*.ts). */
const INJECTED_SCRIPT = /^src\/content\/[\w-]+\.js$/;

/**
 * After the extension plugin wrote its manifest: it lists each script it builds for
 * `scripting.executeScript` (src/content/opener.js) as web-accessible to every page. Injecting needs no
 * such entry, and it would let any page tell that SignBridge is installed (in Firefox nothing else of
 * ours is web-accessible), so it is taken out. Pure, on the manifest's JSON text.
 */
export function withoutInjectedResources(manifestJson: string): string {
  const manifest = JSON.parse(manifestJson) as Manifest;
  const entries = manifest.web_accessible_resources ?? [];
  const kept = entries
    .map((entry) => ({ ...entry, resources: entry.resources.filter((r) => !INJECTED_SCRIPT.test(r)) }))
    .filter((entry) => entry.resources.length > 0);
  if (kept.length === entries.length && kept.every((entry, i) => entry.resources.length === entries[i]?.resources.length)) return manifestJson;
  const { web_accessible_resources: _all, ...rest } = manifest;
  return JSON.stringify(kept.length > 0 ? { ...rest, web_accessible_resources: kept } : rest, null, 2);
}
