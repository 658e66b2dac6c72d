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
  host_permissions?: string[];
  content_scripts?: ContentScript[];
  [key: string]: unknown;
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

// The browser half (branch `firefox`) goes here; chromium is the base as it is.
function forBrowser(base: Manifest, _browser: BuildBrowser): Manifest {
  return base;
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
