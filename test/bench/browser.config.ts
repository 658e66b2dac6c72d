/**
 * `npm run bench:connect:browser`: the browser half of bench:connect under vitest (it drives Chromium
 * with the e2e harness's fixtures), apart from the test projects in vite.config.ts so that `npm test`
 * never runs it. It prints numbers and asserts no time.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: { include: ['test/bench/connect-browser.bench.ts'], environment: 'node', testTimeout: 600_000, hookTimeout: 120_000 },
});
