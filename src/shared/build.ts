/**
 * Which build this code is part of (see vite.config.ts): the browser it is built for, and the flavour.
 * `development` is what `npm start`, the demo and the tests load (a default local server, loopback
 * trusted); `release` is what `npm run package` zips for the stores (no default server, DocuSign's
 * own account servers only). The values are vite `define` constants; under vitest, where nothing is
 * defined, development/chromium. No other module sniffs the browser or the flavour.
 */
declare const __SIGNBRIDGE_BROWSER__: 'chromium' | 'firefox' | undefined;
declare const __SIGNBRIDGE_FLAVOUR__: 'development' | 'release' | undefined;

export type BuildBrowser = 'chromium' | 'firefox';
export type BuildFlavour = 'development' | 'release';

const browser: BuildBrowser = typeof __SIGNBRIDGE_BROWSER__ === 'undefined' ? 'chromium' : __SIGNBRIDGE_BROWSER__;
const flavour: BuildFlavour = typeof __SIGNBRIDGE_FLAVOUR__ === 'undefined' ? 'development' : __SIGNBRIDGE_FLAVOUR__;

export interface BuildTarget {
  browser: BuildBrowser;
  flavour: BuildFlavour;
}
export type BrowserTarget = BuildBrowser;

export const BUILD: BuildTarget = { browser, flavour };

/** A constant the bundler folds, so code behind `if (!IS_RELEASE)` is left out of a release bundle. */
export const IS_RELEASE: boolean = flavour === 'release';

/**
 * Development builds talk to the local server `npm start` runs; a release has no default (the user or
 * an administrator sets one). Computed here from the constant, so a release bundle holds no trace of it.
 */
export const DEFAULT_SERVER_URL: string | null = flavour === 'development' ? 'http://127.0.0.1:8787' : null;
