import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import manifest from './manifest.json' with { type: 'json' };
import type { BuildTarget } from './src/shared/build.ts';
import { FIREFOX_MIN_VERSION, manifestFor } from './src/tools/manifest.ts';

// The build target (CONTRACT: the only place these variables are read). Output: dist/ (chromium
// development), dist-firefox/ (firefox development), release/<browser>/ (release builds).
const target: BuildTarget = {
  browser: process.env['SIGNBRIDGE_BROWSER'] === 'firefox' ? 'firefox' : 'chromium',
  flavour: process.env['SIGNBRIDGE_FLAVOUR'] === 'release' ? 'release' : 'development',
};
const outDir =
  target.flavour === 'release' ? `release/${target.browser}` : target.browser === 'firefox' ? 'dist-firefox' : 'dist';

// One config for the extension build and the tests. The crx plugin is left out in vitest's `test` mode:
// tests import modules directly (unit) or load the built dist/ in Chromium (e2e), never a test-only
// build. The mode, not an environment variable: a build started from inside a test (npm start in
// test/unit/start.test.ts inherits VITEST=true) must still be the real extension.
export default defineConfig(({ mode }) => ({
  plugins:
    mode === 'test'
      ? []
      : [preact(), crx({ manifest: manifestFor(manifest, target), browser: target.browser === 'firefox' ? 'firefox' : 'chrome' })],
  define:
    mode === 'test'
      ? {}
      : { __SIGNBRIDGE_BROWSER__: JSON.stringify(target.browser), __SIGNBRIDGE_FLAVOUR__: JSON.stringify(target.flavour) },
  build: {
    outDir,
    emptyOutDir: true,
    target: target.browser === 'firefox' ? `firefox${FIREFOX_MIN_VERSION.split('.')[0]}` : 'chrome120',
    sourcemap: false,
    // The send dialog is reached only through web_accessible_resources, which crx does not bundle:
    // it is an entry of its own.
    rollupOptions: { input: { dialog: 'src/dialog/index.html' } },
  },
  server: { port: 5173, strictPort: true, cors: false },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/unit/**/*.test.ts'],
          environment: 'node',
          // Unit tests first: a broken unit fails fast, before any browser starts.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file launches its own Chromium; two cores run two at most without starving each other.
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Firefox ESR over WebDriver BiDi with dist-firefox/ installed (test/firefox/firefox.ts); after
          // the Chromium suite, which it leaves unchanged.
          name: 'firefox',
          include: ['test/firefox/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          fileParallelism: true,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
}));
