/**
 * The one build question the content script asks (src/shared/build.ts is the extension's answer; a
 * module shared with other bundles would become a chunk web pages cannot load): does this build show
 * the send dialog in a window of its own? Only Firefox does (src/background/platform.ts); the Chromium
 * build drops that code. A vite `define` constant; under vitest, where nothing is defined, true.
 */
declare const __SIGNBRIDGE_BROWSER__: 'chromium' | 'firefox' | undefined;

export const DIALOG_WINDOWS = typeof __SIGNBRIDGE_BROWSER__ === 'undefined' || __SIGNBRIDGE_BROWSER__ === 'firefox';
