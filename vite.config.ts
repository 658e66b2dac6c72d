import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import manifest from './manifest.json' with { type: 'json' };

// One config for the extension build and the tests. The crx plugin is left out in vitest's `test` mode:
// tests import modules directly (unit) or load the built dist/ in Chromium (e2e), never a test-only
// build. The mode, not an environment variable: a build started from inside a test (npm start in
// test/unit/start.test.ts inherits VITEST=true) must still be the real extension.
export default defineConfig(({ mode }) => ({
  plugins: mode === 'test' ? [] : [preact(), crx({ manifest })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
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
          // One throwaway PostgreSQL cluster for the run (skipped loudly when PostgreSQL is missing).
          globalSetup: ['test/support/postgres-global.ts'],
          // A hang detector, not a speed check: compiling the 4 MB eSignature spec takes seconds on a loaded
          // 2-core machine, and vitest's 5 s default then fails tests that are merely slow.
          testTimeout: 30_000,
          hookTimeout: 30_000,
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
    ],
  },
}));
