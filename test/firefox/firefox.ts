/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by puppeteer-core (no browser download:
 * `executablePath`), with the unpacked dist-firefox/ installed as a temporary add-on. Used by the
 * Firefox tests (harness.ts) and the content bench (test/bench/content-firefox.ts).
 *
 * Two settings make extension pages drivable, and one stands in for a user's "Allow" on a permission
 * prompt; nothing else is changed about the browser:
 * - `--remote-allow-system-access`: since Firefox 153 WebDriver navigates only to http(s), file and
 *   about:blank unless it is given; with it a `moz-extension://` tab can be opened and scripted.
 * - `extensions.webextensions.uuids`: the add-on's internal UUID (its `moz-extension://` host) is
 *   random per profile; the preference fixes it, so the tests know the extension's origin.
 * - `extensions.webextOptionalPermissionPrompts` false: `permissions.request` is granted without its
 *   prompt.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../src/tools/manifest.ts';
import { ROOT, waitFor } from '../e2e/browser.ts';

export const FIREFOX = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';
export const DIST_FIREFOX = join(ROOT, 'dist-firefox');
export const EXTENSION_UUID = '5b1f0c3e-6a2d-4e8f-9b7a-2c4d6e8f0a1b';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** What puppeteer's BiDi connection accepts; `browser.connection` is public on its BiDi browser. */
interface BidiConnection {
  send(method: 'browsingContext.navigate', params: { context: string; url: string; wait: 'none' | 'interactive' | 'complete' }): Promise<unknown>;
}

export interface RunningFirefox {
  browser: Browser;
  /** Opens (a new tab, or `page`) at an extension page and waits until it has loaded. */
  openExtensionPage(path: string, page?: Page): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<RunningFirefox> {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) {
    throw new Error('dist-firefox/ has no manifest.json: run `npm run build:firefox` before the Firefox tests.');
  }
  const profile = mkdtempSync(join(tmpdir(), 'signbridge-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // A permission request is answered yes without its prompt (which WebDriver cannot click): the
      // stand-in for the user's "Allow", so the tests can see SignBridge ask at the right moment.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  const installed = await browser.installExtension(DIST_FIREFOX);
  if (installed !== GECKO_ID) throw new Error(`Firefox installed ${installed}, not ${GECKO_ID}`);
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  return {
    browser,
    async openExtensionPage(path, page) {
      const tab = page ?? (await browser.newPage());
      const url = `${EXTENSION_ORIGIN}/${path.replace(/^\//, '')}`;
      // puppeteer never sees an extension page's load event: navigate over BiDi and wait on the DOM.
      await connection.send('browsingContext.navigate', { context: (tab.mainFrame() as unknown as { _id: string })._id, url, wait: 'none' });
      await waitFor(() => tab.evaluate((u) => location.href === u && document.readyState === 'complete', url), `${path} to load`, 15_000);
      return tab;
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
