/**
 * Launching Chromium with the unpacked dist/ loaded, without vitest: the browser tests use it through
 * harness.ts, the benches (test/bench/) directly.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';

/** Poll `probe` until it returns a truthy value or the deadline passes. Never a fixed sleep. */
export async function waitFor<T>(probe: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      // A probe that never answers (a Playwright call without a timeout of its own, such as
      // `locator.count()`) fails at the deadline like a probe that keeps answering no.
      const value = await bounded(Promise.resolve(probe()), `one look at ${what}`, Math.max(deadline - Date.now(), 1_000));
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The last steps Playwright took (its `api` log: each call started and finished, what it waited for) and
 * what the browser said happened to its pages (a renderer crash). A test that fails prints it (harness.ts),
 * so a step that hangs names itself, including steps that have no timeout of their own in Playwright
 * (`locator.count()`, `context.newPage()`).
 */
const trail: string[] = [];
const TRAIL_LINES = 80;
export function noteInTrail(line: string): void {
  trail.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  if (trail.length > TRAIL_LINES) trail.splice(0, trail.length - TRAIL_LINES);
}
export const playwrightTrail = (): readonly string[] => [...trail];

/**
 * Text for the trail with what could be a secret taken out: a URL's query and fragment (an OAuth callback's
 * code) and long opaque path segments (a signing link's token sits in its path).
 */
const redact = (text: string): string => text.replace(/[?#][^\s"']*/g, '?…').replace(/\/[\w-]{20,}/g, '/…');

function watchPages(context: BrowserContext): void {
  const watch = (page: Page) => {
    page.on('crash', () => noteInTrail(`RENDERER CRASHED: ${redact(page.url())}`));
    page.on('close', () => noteInTrail(`page closed: ${redact(page.url())}`));
  };
  context.pages().forEach(watch);
  context.serviceWorkers().forEach((worker) => noteInTrail(`service worker running: ${redact(worker.url())}`));
  context.on('page', watch);
  context.on('serviceworker', (worker) => {
    noteInTrail(`service worker started: ${redact(worker.url())}`);
    worker.on('close', () => noteInTrail(`service worker stopped: ${redact(worker.url())}`));
  });
  context.on('close', () => noteInTrail('browser context closed'));
}

/** Launches Chromium with dist/ loaded, on a fresh profile or (to test a browser restart) on `userDataDir`. */
export async function launchWithExtension(
  userDataDir = mkdtempSync(join(tmpdir(), 'signbridge-e2e-')),
  extraArgs: readonly string[] = [],
  extensionDir: string = DIST,
): Promise<{ context: BrowserContext; userDataDir: string }> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error('dist/ has no manifest.json: run `npm run build` before the browser tests.');
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    // A launch that hangs fails naming itself, inside the first test's 60 s (Playwright's default is 180 s).
    timeout: 30_000,
    logger: { isEnabled: (name) => name === 'api', log: (name, _severity, message) => noteInTrail(`pw:${name} ${redact(String(message))}`) },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
      ...extraArgs,
    ],
  });
  // A stuck step fails on its own, naming what it waited for, well before the test's 60 s timeout.
  watchPages(context);
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(20_000);
  return { context, userDataDir };
}

/**
 * Waits for `promise` at most `ms`, else fails naming `what`. For the steps that have no bound of their
 * own (closing a page, closing a server): a hang there then says where it was instead of running into
 * the test's timeout.
 */
export async function bounded<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
