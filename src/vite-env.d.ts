/// <reference types="vite/client" />

/** Set by vite.config.ts `define` (see src/shared/build.ts); absent under vitest. */
declare const __SIGNBRIDGE_BROWSER__: 'chromium' | 'firefox' | undefined;
declare const __SIGNBRIDGE_FLAVOUR__: 'development' | 'release' | undefined;

/** A script the extension plugin builds as a file of its own (one IIFE, no imports): its path in the build. */
declare module '*?script&iife' {
  const file: string;
  export default file;
}
