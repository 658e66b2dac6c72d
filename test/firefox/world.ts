/**
 * What the Firefox send and link tests share: the companion server (with the DocuSign simulator
 * beside it, as in the Chromium tests), pointing the extension at it through the Options page, linking
 * Alice's DocuSign login from the popup, and reading extension storage from an extension page.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { ROOT } from '../e2e/browser.ts';
import type { RunningFirefox } from './firefox.ts';
import { waitFor } from '../e2e/browser.ts';
import { clickButton, fill, nextTab, testIdText, until } from './drive.ts';

export { startCompanion, type Companion } from '../e2e/auth-world.ts';

const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `firefox-${name}.png`) });
}

/** Reads one storage area (or one key of it) from an extension page. */
export async function readState<T>(firefox: RunningFirefox, area: 'session' | 'local' | 'sync', key?: string): Promise<T> {
  const page = await firefox.openExtensionPage('src/options/index.html');
  try {
    return await page.evaluate(
      async (a, k) => {
        const all: Record<string, unknown> = await chrome.storage[a].get(k ?? null);
        return (k ? all[k] : all) as T;
      },
      area,
      key,
    );
  } finally {
    await page.close();
  }
}

/** Points the extension at `origin` through the Options page, as a user would. */
export async function useServer(firefox: RunningFirefox, origin: string): Promise<void> {
  const options = await firefox.openExtensionPage('src/options/index.html');
  await fill(options, 'Companion server address', origin);
  await clickButton(options, 'Save');
  await until(async () => (await testIdText(options, 'server-in-use'))?.includes(`In use: ${origin}.`), true, 'the options page to show the server');
  await options.close();
}

/**
 * Connect DocuSign from the popup: the sign-in opens in a new tab on the simulator's account server,
 * Alice logs in, and the extension closes the tab once it reaches the companion server's callback.
 * Returns the popup (showing "Sending as") and the authorization URL the tab opened at.
 */
export async function linkAlice(firefox: RunningFirefox): Promise<{ popup: Page; authUrl: URL }> {
  const popup = await firefox.openExtensionPage('src/popup/index.html');
  const tab = await nextTab(firefox.browser, (url) => url.includes('/oauth/auth?'), () => clickButton(popup, 'Connect DocuSign'));
  const authUrl = new URL(tab.url());
  await fill(tab, 'Email', 'alice@example.com');
  await fill(tab, 'Password', 'alice-demo');
  await clickButton(tab, 'Log in');
  await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 15_000);
  await until(async () => (await testIdText(popup, 'sending-as'))?.startsWith('Sending as Alice Adams') ?? false, true, 'the popup to say who sends');
  return { popup, authUrl };
}
