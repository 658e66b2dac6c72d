/**
 * What the auth browser tests share: the companion server on a free port with the DocuSign simulator
 * beside it (`startServer`, as `npm run server` runs them); configuring the extension to use it (through the Options page, as a
 * user would); the popup; and a recorder of everything pages and the worker show, to search for tokens.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { configFromEnv } from '../../src/server/config.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { startServer } from '../../src/server/serve.ts';
import type { SimServer } from '../../src/sim/index.ts';
import { ROOT, waitFor, type ExtensionHarness } from './harness.ts';

export interface Companion {
  origin: string;
  redirectUri: string;
  /** The DocuSign simulator the server runs beside it, with its test controls. */
  sim: SimServer;
  close(): Promise<void>;
}

/**
 * The real companion server (`startServer`) on 127.0.0.1:0 with the DocuSign simulator in-process; it
 * registers its own `/oauth/callback` as the redirect URI of the simulator's public integration key.
 */
export async function startCompanion(options: { fetch?: typeof globalThis.fetch } = {}): Promise<Companion> {
  const env = configFromEnv({}, { version: 'test', databasePath: ':memory:' });
  // `fetch`: how the server reaches DocuSign (a test records what it posts there).
  const reach = options.fetch ? { fetch: options.fetch } : {};
  const running = await startServer({ config: env.server, host: '127.0.0.1', port: 0, databasePath: ':memory:', log: memoryLogger('warn'), simulatorPort: 0, ...reach });
  const sim = running.simulator;
  if (!sim) throw new Error('the companion server started without its simulator');
  return { origin: running.url, redirectUri: running.config.docusign.redirectUri, sim, close: () => running.close() };
}

/** A 127.0.0.1 URL where nothing listens (a port that was just free). */
export async function deadOrigin(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolveListen) => probe.listen(0, '127.0.0.1', resolveListen));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolveClose) => probe.close(resolveClose));
  return `http://127.0.0.1:${port}`;
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

/**
 * Evaluate in the content script's isolated world of `page` (found through CDP: the world Chrome
 * names after the extension), to see exactly what a content script can reach.
 */
export async function inContentScript<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const worlds: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }: { context: (typeof worlds)[number] }) => worlds.push(context));
    await cdp.send('Runtime.enable');
    const world = await waitFor(
      () => worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://')),
      "the content script's isolated world",
    );
    const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string } } };
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'evaluation failed');
    return result.value;
  } finally {
    await cdp.detach();
  }
}

/** What a content script on `page` can read of the extension's storage: all of `local`, and `session` (refused, we expect). */
export function contentScriptStorage(page: Page): Promise<{ local: string; session: string }> {
  return inContentScript<{ local: string; session: string }>(
    page,
    `(async () => ({
      local: JSON.stringify(await chrome.storage.local.get(null)),
      session: await chrome.storage.session.get(null).then((v) => 'readable: ' + JSON.stringify(v), (e) => 'refused: ' + e.message),
    }))()`,
  );
}

/** Link a simulator login through the popup (server set on the Options page), from an unlinked start. */
export async function linkLogin(harness: ExtensionHarness, serverOrigin: string, email = 'alice@example.com', password = 'alice-demo'): Promise<void> {
  await resetExtension(harness);
  await harness.context.clearCookies();
  await useServer(harness, serverOrigin);
  const popup = await openPopup(harness);
  await signInThrough(harness, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click(), email, password);
  await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Sending as');
  await popup.close();
}

/** Click something that opens the sign-in tab, log in there, and wait for the extension to close it. */
export async function signInThrough(harness: ExtensionHarness, click: () => Promise<void>, email: string, password: string): Promise<void> {
  const tab = await openSignInTab(harness.context, click);
  await tab.getByLabel('Email').fill(email);
  await tab.getByLabel('Password').fill(password);
  await tab.getByRole('button', { name: 'Log in' }).click({ noWaitAfter: true });
  await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 15_000);
}

/** Makes a login's access token due for a refresh (the next use renews it with the refresh token). */
export async function expireAccessToken(harness: ExtensionHarness, loginKey: string): Promise<void> {
  const worker = await harness.serviceWorker();
  await worker.evaluate(async (key) => {
    const stored: Record<string, Record<string, { token: string; expiresAt: number }> | undefined> = await chrome.storage.session.get('auth.accessTokens');
    const all = stored['auth.accessTokens'] ?? {};
    const entry = all[key];
    if (entry) await chrome.storage.session.set({ 'auth.accessTokens': { ...all, [key]: { ...entry, expiresAt: Date.now() - 1 } } });
  }, loginKey);
}

/** A server that answers 404 to everything and counts what reached it: where no token may go. */
export async function startTrap(): Promise<{ origin: string; hits: () => string[]; close(): Promise<void> }> {
  const { createServer: createHttpServer } = await import('node:http');
  const hits: string[] = [];
  const server = createHttpServer((req, res) => {
    hits.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, hits: () => [...hits], close: () => new Promise((done) => server.close(() => done())) };
}

/**
 * A second companion server on 127.0.0.1:0 using the same DocuSign simulator as `companion` (so the
 * same DocuSign logins): "the server address changed". `publicUrl` when it is reached through a proxy.
 */
export async function startCompanionBeside(companion: Companion, publicUrl?: string): Promise<Companion & { listenUrl: string }> {
  const env = configFromEnv({}, { version: 'test', databasePath: ':memory:' });
  const docusign = { ...env.server.docusign, accountServer: companion.sim.origin };
  const config = { ...env.server, docusign: publicUrl === undefined ? docusign : { ...docusign, redirectUri: `${publicUrl}/oauth/callback` } };
  const running = await startServer({
    config,
    host: '127.0.0.1',
    port: 0,
    ...(publicUrl === undefined ? {} : { publicUrl }),
    databasePath: ':memory:',
    log: memoryLogger('warn'),
  });
  const { redirectUri } = running.config.docusign;
  companion.sim.sim.control.registerRedirectUri(config.docusign.clientId, redirectUri);
  return { origin: publicUrl ?? running.url, listenUrl: running.url, redirectUri, sim: companion.sim, close: () => running.close() };
}

/**
 * Two companion servers on one simulator for a test file ("the server address changed"), started before
 * its tests and closed after them; read `first` and `second` inside a test.
 */
export function companionsForFile(): { first: Companion; second: Companion } {
  const servers = {} as { first: Companion; second: Companion };
  beforeAll(async () => {
    servers.first = await startCompanion();
    servers.second = await startCompanionBeside(servers.first);
  });
  afterAll(async () => {
    await servers.second.close();
    await servers.first.close();
  });
  return servers;
}

/** A fresh extension pointed at `serverOrigin`, with the simulator's Alice linked through the popup. */
export async function linkAlice(harness: ExtensionHarness, serverOrigin: string): Promise<void> {
  await resetExtension(harness);
  await harness.context.clearCookies();
  await useServer(harness, serverOrigin);
  const popup = await openPopup(harness);
  const tab = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
  await tab.getByLabel('Email').fill('alice@example.com');
  await tab.getByLabel('Password').fill('alice-demo');
  await tab.getByRole('button', { name: 'Log in' }).click({ noWaitAfter: true });
  await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 15_000);
  await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Sending as Alice Adams');
  await popup.close();
}
