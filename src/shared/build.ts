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

export const BUILD: { browser: BuildBrowser; flavour: BuildFlavour } = {
  browser: typeof __SIGNBRIDGE_BROWSER__ === 'undefined' ? 'chromium' : __SIGNBRIDGE_BROWSER__,
  flavour: typeof __SIGNBRIDGE_FLAVOUR__ === 'undefined' ? 'development' : __SIGNBRIDGE_FLAVOUR__,
};
