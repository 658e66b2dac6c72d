/**
 * Fixtures for the Firefox tests: one Firefox (firefox.ts) and one fixture-page server per file, and
 * the helpers every Firefox test needs. Outside CI a missing Firefox skips loudly; under CI=true it
 * fails, as describeInBrowser does for Chromium.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TargetType, type Browser, type Page, type Target } from 'puppeteer-core';
import { describe, test as base } from 'vitest';
import { IN_CI, ROOT, waitFor } from '../e2e/browser.ts';
import { startStaticServer, type StaticServer } from '../e2e/static-server.ts';
import { EXTENSION_ORIGIN, FIREFOX, launchFirefox, type RunningFirefox } from './firefox.ts';

export { EXTENSION_ORIGIN, waitFor };

export interface FirefoxFixtures {
  firefox: RunningFirefox;
  pages: StaticServer;
}

export const test = base.extend<FirefoxFixtures>({
  pages: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer(join(ROOT, 'test/pages'));
      await use(server);
      await server.close();
    },
    { scope: 'file' },
  ],
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

/** The next tab whose URL `matches`, opened by whatever `action` does. */
export async function nextTab(browser: Browser, matches: (url: string) => boolean, action: () => Promise<unknown>): Promise<Page> {
  const opened = browser.waitForTarget((t: Target) => t.type() === TargetType.PAGE && matches(t.url()), { timeout: 15_000 });
  await action();
  const target = await opened;
  const page = await target.page();
  if (!page) throw new Error(`no page for ${target.url()}`);
  return page;
}

/** Clicks the button whose text is exactly `name` (trusted input at its position). */
export async function clickButton(page: Page, name: string): Promise<void> {
  await page.locator(`::-p-aria([name="${name}"][role="button"])`).click();
}

/** Types into the field labelled `label`. */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  await page.locator(`::-p-aria([name="${label}"])`).fill(value);
}

/** Text of the element with `data-testid`, or null when there is none. */
export function testIdText(page: Page, id: string): Promise<string | null> {
  return page.evaluate((i) => document.querySelector(`[data-testid="${i}"]`)?.textContent ?? null, id);
}

/** Poll `probe` until it equals `expected` (compared as JSON), or fail naming `what`. */
export async function until<T>(probe: () => Promise<T>, expected: T, what: string, timeoutMs = 15_000): Promise<void> {
  let last: T | undefined;
  await waitFor(async () => {
    last = await probe();
    return JSON.stringify(last) === JSON.stringify(expected);
  }, `${what} (last: ${JSON.stringify(last)})`, timeoutMs).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; last seen ${JSON.stringify(last)}`);
  });
}
