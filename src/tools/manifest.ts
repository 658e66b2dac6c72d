/**
 * The manifest of one build target, computed from manifest.json (the development/chromium base) by one
 * pure function. Chromium builds serve Chrome and Edge (Edge loads the same MV3 package). The browser
 * half is here; the flavour half (release: no loopback, no default server) belongs with it.
 */
import type { BuildTarget } from '../shared/build.ts';

/** The parts of a manifest this module reads or writes; everything else passes through untouched. */
export interface Manifest {
  manifest_version: number;
  name: string;
  version: string;
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  web_accessible_resources?: { resources: string[]; matches: string[] }[];
  storage?: { managed_schema?: string };
  browser_specific_settings?: { gecko: GeckoSettings };
  minimum_chrome_version?: string;
  [key: string]: unknown;
}

interface GeckoSettings {
  id: string;
  strict_min_version: string;
  data_collection_permissions: { required: string[] };
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

export function manifestFor<M extends Manifest>(base: M, target: BuildTarget): M {
  // The Firefox manifest has the base's shape with background, settings and frames changed.
  return target.browser === 'firefox' ? (forFirefox(base) as M) : base;
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
