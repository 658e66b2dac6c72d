/** Helpers for the content-script browser tests: what the page shows, read from the page's own world. */
import type { Page } from 'playwright-core';

/**
 * The document URL next to every SignBridge button on the page, in document order, reaching into
 * open shadow roots (our own buttons' roots excepted).
 */
export function buttonTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.getAttribute('data-signbridge') === 'button') {
          const anchor = el.previousElementSibling;
          out.push(anchor instanceof HTMLAnchorElement ? anchor.href : String(anchor?.getAttribute('href')));
        } else if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return out;
  });
}

/** Every button's state (`idle`, `opening`, `sent`) by document URL. */
export function buttonStates(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.getAttribute('data-signbridge') === 'button') {
          const anchor = el.previousElementSibling;
          out[anchor instanceof HTMLAnchorElement ? anchor.href : ''] = (el as HTMLElement).dataset['state'] ?? '';
        } else if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return out;
  });
}

export const sorted = (list: string[]) => [...list].sort();
