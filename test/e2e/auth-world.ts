/**
 * What the auth browser tests share: the companion server on a free port (its real `createApp`),
 * pointed at an account server; configuring the extension to use it (through the Options page, as a
 * user would); the popup; and a recorder of everything pages and the worker show, to search for tokens.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { SIM_CLIENT_ID } from '../../src/server/config.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { ROOT, waitFor, type ExtensionHarness } from './harness.ts';

export interface Companion {
  origin: string;
  redirectUri: string;
  close(): Promise<void>;
}

/**
 * The real companion server app on 127.0.0.1:0, its redirect URI being its own /oauth/callback. Without
 * an account server it names itself (its /oauth/auth is a 404: enough for tests that never sign in).
 */
export async function startCompanion(accountServer?: string): Promise<Companion> {
  let app: ReturnType<typeof createApp> | undefined;
  return new Promise((resolveServer) => {
    const server = serve(
      { fetch: (request) => (app ? app.fetch(request) : new Response('starting', { status: 503 })), hostname: '127.0.0.1', port: 0 },
      (info: AddressInfo) => {
        const origin = `http://127.0.0.1:${info.port}`;
        const redirectUri = `${origin}/oauth/callback`;
        app = createApp({
          config: {
            publicUrl: origin,
            version: 'test',
            docusign: { accountServer: accountServer ?? origin, clientId: SIM_CLIENT_ID, scopes: ['signature', 'extended'], redirectUri },
          },
          log: memoryLogger('warn'),
        });
        resolveServer({
          origin,
          redirectUri,
          // The browser keeps connections alive; drop them or close() waits for it to quit.
          close: () =>
            new Promise((done) => {
              server.close(() => done());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        });
      },
    );
  });
}

/** A 127.0.0.1 URL where nothing listens (a port that was just free). */
export async function deadOrigin(): Promise<string> {
  const probe = await startCompanion();
  await probe.close();
  return probe.origin;
}

/** Point the extension at a companion server through the Options page. */
export async function useServer(harness: ExtensionHarness, origin: string): Promise<void> {
  const options = await harness.openExtensionPage('src/options/index.html');
  await options.getByLabel('Companion server address').fill(origin);
  await options.getByRole('button', { name: 'Save' }).click();
  await eventually(() => options.getByTestId('server-in-use').textContent()).toContain(`In use: ${origin}. Saved on this page.`);
  await options.close();
}

/** Forget every login, token and flow, so each test starts unlinked. */
export async function resetExtension(harness: ExtensionHarness): Promise<void> {
  const worker = await harness.serviceWorker();
  await worker.evaluate(async () => {
    const keep: Record<string, unknown> = await chrome.storage.local.get('settings.serverUrl');
    await chrome.storage.local.clear();
    await chrome.storage.session.clear();
    await chrome.storage.local.set(keep);
  });
  for (const page of harness.context.pages()) {
    if (page.url() !== 'about:blank') await page.close();
  }
}

export async function openPopup(harness: ExtensionHarness): Promise<Page> {
  const popup = await harness.openExtensionPage('src/popup/index.html');
  await popup.setViewportSize({ width: 400, height: 640 });
  return popup;
}

/** Click something in the popup that opens the sign-in tab, and return that tab. */
export async function openSignInTab(context: BrowserContext, click: () => Promise<void>): Promise<Page> {
  const [tab] = await Promise.all([context.waitForEvent('page', { timeout: 15_000 }), click()]);
  try {
    await tab.waitForURL(/\/oauth\/auth\?/, { waitUntil: 'commit' });
  } catch (error) {
    // A silent sign-in (DocuSign's session still live) can be over, tab closed, before we look.
    if (!tab.isClosed()) throw error;
  }
  return tab;
}

export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Everything a user, a page or a log could see: console lines (pages and worker), page HTML, every URL requested or shown. */
export function recordExposure(context: BrowserContext) {
  const seen = { console: [] as string[], html: [] as string[], urls: [] as string[] };
  const watchPage = (page: Page) => {
    page.on('console', (m) => seen.console.push(m.text()));
    page.on('load', () => {
      page.content().then((html) => seen.html.push(html), () => undefined);
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  const watchWorker = (w: { on(e: 'console', l: (m: { text(): string }) => void): unknown }) => w.on('console', (m) => seen.console.push(m.text()));
  context.serviceWorkers().forEach(watchWorker);
  context.on('serviceworker', watchWorker);
  context.on('request', (r) => seen.urls.push(r.url()));
  return {
    seen,
    /** Also snapshot what is open right now. */
    async snapshot(): Promise<void> {
      for (const page of context.pages()) {
        seen.urls.push(page.url());
        seen.html.push(await page.content().catch(() => ''));
      }
    },
  };
}

/** `expect.poll` with a deadline long enough for the popup's idle poll and a sign-in round trip. */
export const eventually = <T,>(probe: () => Promise<T> | T) => expect.poll(probe, { timeout: 15_000 });

export { waitFor };
