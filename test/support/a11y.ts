/**
 * Accessibility checks for extension pages in the real browser: axe-core (through @axe-core/playwright)
 * on the page as it stands, in light and in dark, with a screenshot of each for review in test-results/.
 * Only serious and critical violations fail a test; the rest are printed so they stay visible.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from '../e2e/browser.ts';

export type Scheme = 'light' | 'dark';
export const SCHEMES: readonly Scheme[] = ['light', 'dark'];
export const SHOTS = join(ROOT, 'test-results', 'screenshots');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical violations on the page (or inside `include`, a CSS selector) in the current scheme. */
export async function seriousViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const findings = violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  const minor = findings.filter((f) => f.impact !== 'serious' && f.impact !== 'critical');
  if (minor.length > 0) console.warn(`axe (${page.url()}): minor findings`, minor);
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/**
 * For each scheme: switch the page to it, take a screenshot named `<name>-<scheme>.png` and return the serious
 * and critical violations found, keyed by scheme (an empty list each is the pass condition).
 */
export async function checkInBothSchemes(
  page: Page,
  name: string,
  include?: string,
): Promise<Record<Scheme, AxeFinding[]>> {
  mkdirSync(SHOTS, { recursive: true });
  const result = { light: [], dark: [] } as Record<Scheme, AxeFinding[]>;
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`), fullPage: true });
    result[scheme] = await seriousViolations(page, include);
  }
  await page.emulateMedia({ colorScheme: null });
  return result;
}

interface AxeResult {
  passes: unknown[];
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/**
 * The same check on one frame (the send dialog's iframe sits in a closed shadow root, which axe run
 * from the page cannot enter): axe-core is evaluated inside the frame and run on its document. The
 * screenshot is of the whole tab, as a user sees it.
 */
export async function checkFrameInBothSchemes(page: Page, frame: Frame, name: string): Promise<Record<Scheme, AxeFinding[]>> {
  mkdirSync(SHOTS, { recursive: true });
  const source = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  const result = { light: [], dark: [] } as Record<Scheme, AxeFinding[]>;
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`) });
    const { violations, passes } = await frame.evaluate(async (axeSource) => {
      const w = window as unknown as { axe?: { run(context: Document, options: object): Promise<unknown> } };
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- axe-core's own bundle, read from node_modules
      if (!w.axe) (new Function(axeSource) as () => void)();
      const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
      return (await w.axe?.run(document, { runOnly: { type: 'tag', values: tags } })) as AxeResult;
    }, source);
    // A run that checked nothing proves nothing (axe not loaded, an empty frame).
    if (passes.length === 0) throw new Error(`axe checked nothing in ${name} (${scheme})`);
    const findings = violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
    const minor = findings.filter((f) => f.impact !== 'serious' && f.impact !== 'critical');
    if (minor.length > 0) console.warn(`axe (${name}, ${scheme}): minor findings`, minor);
    result[scheme] = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  }
  await page.emulateMedia({ colorScheme: null });
  return result;
}
