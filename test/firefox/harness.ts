/**
 * Fixtures for the Firefox tests: one Firefox (firefox.ts) and one fixture-page server per file, and
 * the helpers every Firefox test needs. Outside CI a missing Firefox skips loudly; under CI=true it
 * fails, as describeInBrowser does for Chromium.
 */
import { existsSync } from 'node:fs';
import { describe, test as base } from 'vitest';
import { IN_CI, waitFor } from '../e2e/browser.ts';
import { pagesFixture, type StaticServer } from '../e2e/static-server.ts';
import { EXTENSION_ORIGIN, FIREFOX, launchFirefox, type RunningFirefox } from './firefox.ts';

export { EXTENSION_ORIGIN, waitFor };
export * from './drive.ts';

export interface FirefoxFixtures {
  firefox: RunningFirefox;
  pages: StaticServer;
}

export const test = base.extend<FirefoxFixtures>({
  pages: [...pagesFixture],
  firefox: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const running = await launchFirefox();
      try {
        await use(running);
      } finally {
        await running.close();
      }
    },
    { scope: 'file' },
  ],
});

export function describeInFirefox(name: string, body: () => void): void {
  if (existsSync(FIREFOX)) {
    describe(name, body);
    return;
  }
  if (IN_CI) {
    describe(name, () => {
      base('Firefox is installed', () => {
        throw new Error(`Firefox not found at ${FIREFOX}: CI must install it (apt-get install -y firefox-esr).`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED Firefox tests "${name}": no Firefox at ${FIREFOX}. Install it: apt-get install -y firefox-esr ***\n`);
  describe.skip(name, body);
}
