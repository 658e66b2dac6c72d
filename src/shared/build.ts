/**
 * Which build this code runs in: the browser (`chromium` also serves Edge, which loads the same MV3
 * package) and the flavour (`development`, what npm start and the tests load; `release`, what the
 * stores get). The values are vite `define` constants set in vite.config.ts from SIGNBRIDGE_BROWSER and
 * SIGNBRIDGE_FLAVOUR; under vitest (no define) they are development/chromium. The one module that
 * knows: no other code sniffs the browser.
 */
export type BrowserTarget = 'chromium' | 'firefox';
export type Flavour = 'development' | 'release';

export interface BuildTarget {
  browser: BrowserTarget;
  flavour: Flavour;
}

export const BUILD: BuildTarget = {
  browser: typeof __SIGNBRIDGE_BROWSER__ === 'string' ? __SIGNBRIDGE_BROWSER__ : 'chromium',
  flavour: typeof __SIGNBRIDGE_FLAVOUR__ === 'string' ? __SIGNBRIDGE_FLAVOUR__ : 'development',
};
