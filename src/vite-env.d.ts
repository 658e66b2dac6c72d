/// <reference types="vite/client" />

/** Set by vite.config.ts `define` (see src/shared/build.ts); absent under vitest. */
declare const __SIGNBRIDGE_BROWSER__: 'chromium' | 'firefox' | undefined;
declare const __SIGNBRIDGE_FLAVOUR__: 'development' | 'release' | undefined;
