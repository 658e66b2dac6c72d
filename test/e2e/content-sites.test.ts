/**
 * Sites beyond the demo host: the popup's "Enable SignBridge on this site" for the active tab's site,
 * the content script registered there (and still there after a browser restart), and "Disable".
 *
 * The site is the fixture server reached as `http://localhost:<port>`: the manifest's own content
 * script matches `http://127.0.0.1/*` only, so localhost is another site to it. Headless Chromium
 * cannot approve a permission prompt (`permissions.request` for a site not yet granted, after a real
 * click, never settles: the prompt has no UI to accept), so this test uses a site whose host
 * permission the manifest already holds for the local companion server: the popup's request then
 * resolves without a prompt, and everything after it (registration, injection, the dialog on that
 * site, persistence, disabling) runs for real. Registering a site granted at the prompt is the same code.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buttonTargets, SEND_BUTTON } from './content-pages.ts';
import { createHarness, describeInBrowser, launchWithExtension, ROOT, test, waitFor, type ExtensionHarness } from './harness.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

let pages: StaticServer;
beforeAll(async () => {
  pages = await startStaticServer(join(ROOT, 'test/pages'));
});
afterAll(async () => {
  await pages.close();
});

const onLocalhost = (path: string) => pages.url(path).replace('//127.0.0.1:', '//localhost:');

const registered = async (harness: ExtensionHarness) =>
  (await harness.serviceWorker()).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).map((s) => ({ id: s.id, matches: s.matches, persist: s.persistAcrossSessions })));

/** The popup, looking at `site` as the active tab (a popup opened as a tab would otherwise see itself). */
async function popupFor(harness: ExtensionHarness, site: Page): Promise<Page> {
  const popup = await harness.openExtensionPage('src/popup/index.html');
  await site.bringToFront();
  await popup.reload();
  await popup.getByTestId('site-card').waitFor({ timeout: 10_000 });
  return popup;
}

/** Buttons on a freshly loaded page: the 127.0.0.1 twin shows they appear when the script runs at all. */
async function buttonsAfterLoad(page: Page, url: string): Promise<string[]> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.readyState === 'complete');
  return buttonTargets(page);
}

describeInBrowser('content script on sites the user enables', () => {
  test('enable from the popup → buttons on the new site (also after a browser restart) → disable → gone', async () => {
    const launched = await launchWithExtension();
    const userDataDir = launched.userDataDir;
    let context = launched.context;
    try {
      let harness = await createHarness(context);
      const page = await context.newPage();
      // The built-in host is decorated; the same page on localhost is not, yet.
      await page.goto(pages.url('crm-record.html'));
      await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons on the built-in host');
      expect(await buttonsAfterLoad(page, onLocalhost('crm-record.html'))).toEqual([]);
      expect(await registered(harness)).toEqual([]);

      const popup = await popupFor(harness, page);
      expect(await popup.getByTestId('site-state').textContent()).toBe('SignBridge does not run on http://localhost.');
      await popup.getByRole('button', { name: 'Enable SignBridge on this site' }).click();
      await expect.poll(() => popup.getByRole('status').last().textContent(), { timeout: 10_000 }).toContain('Enabled.');
      expect(await popup.getByTestId('site-state').textContent()).toBe('SignBridge runs on http://localhost.');
      expect(await registered(harness)).toEqual([{ id: 'signbridge-sites', matches: ['http://localhost/*'], persist: true }]);
      expect(await harness.readState('local', 'enabledSites')).toEqual(['http://localhost']);

      await page.reload();
      await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons on the newly enabled site');
      expect(await buttonTargets(page)).toEqual([onLocalhost('files/msa.pdf'), onLocalhost('files/order-form.docx'), onLocalhost('files/pricing.pdf')]);
      // The dialog opens there too (its page is web-accessible to every site it may be enabled on).
      await page.locator('tr.attachment-row').first().getByRole('button', { name: SEND_BUTTON }).click();
      const prefix = `chrome-extension://${harness.extensionId}/src/dialog/index.html#`;
      const dialog = await waitFor(() => page.frames().find((f) => f.url().startsWith(prefix)), 'the send dialog frame');
      await expect.poll(() => dialog.getByTestId('document-name').textContent({ timeout: 500 }), { timeout: 10_000 }).toBe('Master Services Agreement.pdf');

      // A browser restart on the same profile: the site is still enabled. (Chromium re-reads an
      // extension loaded with --load-extension at every launch; the worker's start-up sync registers
      // the script again if that dropped it, so wait for the registration before loading the page.)
      await context.close();
      ({ context } = await launchWithExtension(userDataDir));
      harness = await createHarness(context);
      const afterRestart = harness;
      await waitFor(async () => (await registered(afterRestart)).length === 1, 'the registration after a restart');
      expect(await registered(harness)).toEqual([{ id: 'signbridge-sites', matches: ['http://localhost/*'], persist: true }]);
      const again = await context.newPage();
      await again.goto(onLocalhost('crm-record.html'));
      await waitFor(async () => (await buttonTargets(again)).length === 3, 'buttons on the enabled site after a restart');

      const popupAgain = await popupFor(harness, again);
      await popupAgain.getByRole('button', { name: 'Disable SignBridge on this site' }).click();
      await expect.poll(() => popupAgain.getByTestId('site-state').textContent(), { timeout: 10_000 }).toBe('SignBridge does not run on http://localhost.');
      expect(await registered(harness)).toEqual([]);
      expect(await harness.readState('local', 'enabledSites')).toEqual([]);
      expect(await buttonsAfterLoad(again, onLocalhost('crm-record.html'))).toEqual([]);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
