/**
 * The browser harness: Debian's Chromium driven by playwright-core with the unpacked dist/ loaded.
 * Fixtures give a test the extension id, extension pages, fixture pages served on 127.0.0.1, state
 * read through the service worker, and a way to kill the worker to test MV3 lifetime.
 *
 * Outside CI a missing Chromium skips the browser tests loudly; under CI=true it fails them.
 */
import { existsSync, rmSync } from 'node:fs';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { describe, test as base } from 'vitest';
import { CHROMIUM, IN_CI, launchWithExtension, playwrightTrail, waitFor } from './browser.ts';
import { pagesFixture, type StaticServer } from './static-server.ts';

export { bounded, CHROMIUM, DIST, launchWithExtension, ROOT, waitFor } from './browser.ts';

export interface ExtensionHarness {
  context: BrowserContext;
  extensionId: string;
  /** The current service worker, waiting for it to start if it is not running. */
  serviceWorker(): Promise<Worker>;
  openExtensionPage(path: string): Promise<Page>;
  /**
   * Reads one storage area (or one key of it) through the service worker. `local` items are stored
   * signed (`{ json, mac }`, src/background/storage.ts): this answers the values they hold.
   */
  readState<T = unknown>(area: 'session' | 'local' | 'sync', key?: string): Promise<T>;
  /** Writes a `local` item as the worker does, signed under its integrity key (test setup only). */
  writeLocalItem(key: string, value: unknown): Promise<void>;
  /** Stops the service worker the way Chrome does when it idles (CDP Target.closeTarget). */
  killServiceWorker(): Promise<void>;
}

async function currentWorker(context: BrowserContext, timeoutMs = 15_000): Promise<Worker> {
  const running = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (running) return running;
  return context.waitForEvent('serviceworker', { timeout: timeoutMs });
}

export async function createHarness(context: BrowserContext): Promise<ExtensionHarness> {
  const first = await currentWorker(context);
  const extensionId = new URL(first.url()).host;
  const harness: ExtensionHarness = {
    context,
    extensionId,
    serviceWorker: () => currentWorker(context),
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path.replace(/^\//, '')}`);
      return page;
    },
    async readState<T>(area: 'session' | 'local' | 'sync', key?: string) {
      const worker = await currentWorker(context);
      const value: unknown = await worker.evaluate(
        async ([a, k]) => {
          const all: Record<string, unknown> = await chrome.storage[a].get(k ?? null);
          const open = (v: unknown) => {
            const signed = v as { json?: unknown; mac?: unknown } | null;
            return a === 'local' && typeof signed?.json === 'string' && typeof signed.mac === 'string' ? (JSON.parse(signed.json) as unknown) : v;
          };
          if (k) return open(all[k]);
          return Object.fromEntries(Object.entries(all).map(([name, v]) => [name, open(v)]));
        },
        [area, key] as const,
      );
      return value as T;
    },
    async writeLocalItem(key, value) {
      const worker = await currentWorker(context);
      await worker.evaluate(
        async ([k, v]) => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const request = indexedDB.open('signbridge-vault', 1);
            request.onupgradeneeded = () => request.result.createObjectStore('keys');
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(new Error('no key database'));
          });
          const stored = await new Promise<CryptoKey | undefined>((resolve) => {
            const request = db.transaction('keys').objectStore('keys').get('storage-integrity-key');
            request.onsuccess = () => resolve(request.result as CryptoKey | undefined);
          });
          // Before the worker's first signed write there is no key yet: create it as the worker would
          // (keys.ts: non-extractable, saved with `add`, so the worker later loads this one).
          let macKey = stored;
          if (!macKey) {
            const fresh = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
            await new Promise<void>((resolve, reject) => {
              const request = db.transaction('keys', 'readwrite').objectStore('keys').add(fresh, 'storage-integrity-key');
              request.onsuccess = () => resolve();
              request.onerror = () => reject(new Error('could not save the storage integrity key'));
            });
            macKey = fresh;
          }
          db.close();
          const json = JSON.stringify(v);
          const mac = await crypto.subtle.sign('HMAC', macKey, new TextEncoder().encode(`signbridge-storage-v1\n${k}\n${json}`));
          const b64 = btoa(String.fromCharCode(...new Uint8Array(mac)));
          await chrome.storage.local.set({ [k]: { json, mac: b64 } });
        },
        [key, value] as const,
      );
    },
    async killServiceWorker() {
      const worker = await currentWorker(context);
      const url = worker.url();
      // Stopped is when Playwright sees this worker close, or its target goes: a worker woken again at once
      // (a page's message) can come back under the same target id before a poll sees it gone.
      let closed = false;
      worker.once('close', () => (closed = true));
      // A browser-level CDP session: Target.closeTarget on a page-level session answers success but
      // leaves the worker running.
      const browser = context.browser();
      if (!browser) throw new Error('no browser handle to open a CDP session on');
      const cdp = await browser.newBrowserCDPSession();
      const workerTargets = async () => {
        const { targetInfos } = (await cdp.send('Target.getTargets')) as {
          targetInfos: { targetId: string; type: string; url: string }[];
        };
        return targetInfos.filter((t) => t.type === 'service_worker' && t.url === url);
      };
      try {
        const [target] = await workerTargets();
        if (!target) throw new Error(`no service-worker target for ${url}`);
        await cdp.send('Target.closeTarget', { targetId: target.targetId });
        await waitFor(async () => closed || !(await workerTargets()).some((t) => t.targetId === target.targetId), 'the worker to stop');
      } finally {
        await cdp.detach();
      }
    },
  };
  return harness;
}

export interface BrowserFixtures {
  harness: ExtensionHarness;
  pages: StaticServer;
  /** Prints Playwright's last steps when the test fails (browser.ts `playwrightTrail`): a hang names its step. */
  trail: void;
}

/**
 * `test` with the browser fixtures. The browser is per test file (launching is the slow part), the
 * fixture-page server too; each test still gets a clean set of pages from the shared context.
 */
export const test = base.extend<BrowserFixtures>({
  pages: [...pagesFixture],
  trail: [
    async ({ onTestFailed, task }, use) => {
      onTestFailed(() => {
        console.error(`\n--- Playwright's last steps before "${task.name}" failed ---\n${playwrightTrail().join('\n')}\n---`);
      });
      await use();
    },
    { auto: true },
  ],
  harness: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { context, userDataDir } = await launchWithExtension();
      try {
        await use(await createHarness(context));
      } finally {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      }
    },
    { scope: 'file' },
  ],
});

/**
 * `describe` for browser tests. Without Chromium: outside CI the suite is skipped and says so loudly;
 * in CI it fails, because a browser test that did not run proves nothing.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  if (IN_CI) {
    describe(name, () => {
      base('Chromium is installed', () => {
        throw new Error(`Chromium not found at ${CHROMIUM}: CI must install it (apt-get install -y chromium).`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED browser tests "${name}": no Chromium at ${CHROMIUM}. Install it: apt-get install -y chromium ***\n`);
  describe.skip(name, body);
}
