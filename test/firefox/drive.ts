/** Driving pages in Firefox with puppeteer-core over WebDriver BiDi: what the Firefox tests and bench share. */
import { TargetType, type Browser, type ElementHandle, type Page, type Target } from 'puppeteer-core';
import { waitFor } from '../e2e/browser.ts';

/** The next tab whose URL `matches`, opened by whatever `action` does. */
export async function nextTab(browser: Browser, matches: (url: string) => boolean, action: () => Promise<unknown>): Promise<Page> {
  const opened = browser.waitForTarget((t: Target) => t.type() === TargetType.PAGE && matches(t.url()), { timeout: 15_000 });
  await action();
  const target = await opened;
  const page = await target.page();
  if (!page) throw new Error(`no page for ${target.url()}`);
  return page;
}

/**
 * The enabled button whose text is `name`. By DOM text, not puppeteer's ARIA queries: those read the
 * accessibility tree, which WebDriver BiDi does not give for extension pages.
 */
export async function button(page: Page, name: string, timeoutMs = 15_000): Promise<ElementHandle<HTMLButtonElement>> {
  const handle = await page.waitForFunction(
    (n) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === n && !b.disabled),
    { timeout: timeoutMs, polling: 100 },
    name,
  );
  return handle as ElementHandle<HTMLButtonElement>;
}

/** Clicks that button: trusted input at its position, as a user's click. */
export async function clickButton(page: Page, name: string): Promise<void> {
  await (await button(page, name)).click();
}

/** Types `value` into the field whose label is `label`, replacing what it held. */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  const handle = (await page.waitForFunction(
    (l) => {
      const found = [...document.querySelectorAll('label')].find((el) => el.textContent?.trim() === l);
      return found?.control ?? document.querySelector(`[aria-label="${l}"]`);
    },
    { timeout: 15_000, polling: 100 },
    label,
  )) as ElementHandle<HTMLInputElement>;
  await handle.evaluate((el) => el.select());
  await handle.type(value);
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

/** The open page whose URL starts with `prefix` (puppeteer reports extension pages as about:blank; their DOM knows). */
export function pageAt(browser: Browser, prefix: string, timeoutMs = 15_000): Promise<Page> {
  return waitFor(async () => {
    for (const page of await browser.pages()) {
      const url = await page.evaluate(() => location.href).catch(() => '');
      if (url.startsWith(prefix)) return page;
    }
    return undefined;
  }, `a page at ${prefix}`, timeoutMs);
}

/** Every extension page open right now whose URL starts with `prefix`. */
export async function pagesAt(browser: Browser, prefix: string): Promise<string[]> {
  const urls = await Promise.all((await browser.pages()).map((p) => p.evaluate(() => location.href).catch(() => '')));
  return urls.filter((u) => u.startsWith(prefix));
}

/** A trusted click on the SignBridge button right after the link to `documentUrl` (in its open shadow root). */
export async function clickSendFor(page: Page, documentUrl: string): Promise<void> {
  const handle = await page.waitForFunction(
    (u) => {
      for (const host of document.querySelectorAll('[data-signbridge="button"]')) {
        const link = host.previousElementSibling;
        if (link instanceof HTMLAnchorElement && link.href === u) return host.shadowRoot?.querySelector('button') ?? undefined;
      }
      return undefined;
    },
    { timeout: 15_000, polling: 100 },
    documentUrl,
  );
  await (handle as ElementHandle<HTMLButtonElement>).click();
}

/** Each SignBridge button's state (`idle`, `opening`, `sent`) by document URL. */
export function buttonStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const host of document.querySelectorAll<HTMLElement>('[data-signbridge="button"]')) {
      const link = host.previousElementSibling;
      out[link instanceof HTMLAnchorElement ? link.href : ''] = host.dataset['state'] ?? '';
    }
    return out;
  });
}
