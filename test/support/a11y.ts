/**
 * Accessibility checks for extension pages in the real browser: axe-core (through @axe-core/playwright)
 * on the page as it stands, in light and in dark, with a screenshot of each for review in test-results/.
 * Only serious and critical violations fail a test; the rest are printed so they stay visible.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Prints the minor findings (so they stay visible) and answers the serious and critical ones. */
function serious(page: Page, findings: AxeFinding[]): AxeFinding[] {
  const minor = findings.filter((f) => f.impact !== 'serious' && f.impact !== 'critical');
  if (minor.length > 0) console.warn(`axe (${page.url()}): minor findings`, minor);
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/** Serious and critical violations on the page (or inside `include`, a CSS selector) in the current scheme. */
export async function seriousViolations(page: Page, include?: string): Promise<AxeFinding[]> {
  let builder = new AxeBuilder({ page }).withTags(TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const findings = violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  return serious(page, findings);
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

const axeSource = () => readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * `checkInBothSchemes` for one frame of `page`: the dialog's extension frame sits in a closed shadow
 * root, where axe's own frame traversal cannot find it, so axe-core is run inside the frame itself.
 * The screenshot is of the whole page, as the user sees the frame over it.
 */
export async function checkFrameInBothSchemes(page: Page, frame: Frame, name: string): Promise<Record<Scheme, AxeFinding[]>> {
  mkdirSync(SHOTS, { recursive: true });
  await frame.evaluate(axeSource());
  // An extension frame renders in a process of its own: the page's emulated scheme does not reach it.
  const cdp = await page.context().newCDPSession(frame);
  const result = { light: [], dark: [] } as Record<Scheme, AxeFinding[]>;
  for (const scheme of SCHEMES) {
    await page.emulateMedia({ colorScheme: scheme });
    await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: scheme }] });
    // The frame repaints in its own process: wait until it has drawn two frames in the scheme before the
    // screenshot (one taken at once showed a dialog still light as "dark").
    await frame.evaluate(async (dark) => {
      while (matchMedia('(prefers-color-scheme: dark)').matches !== dark) await new Promise((resolve) => setTimeout(resolve, 20));
      for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    }, scheme === 'dark');
    await page.screenshot({ path: join(SHOTS, `${name}-${scheme}.png`) });
    const findings = await frame.evaluate(async (tags) => {
      const axe = (globalThis as unknown as { axe: { run(c: Document, o: object): Promise<{ passes: unknown[]; violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
      const { violations, passes } = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return {
        checked: passes.length,
        found: violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
      };
    }, TAGS);
    // A run that checked nothing proves nothing (axe not loaded, an empty frame).
    if (findings.checked === 0) throw new Error(`axe checked nothing in ${name} (${scheme})`);
    result[scheme] = serious(page, findings.found);
  }
  await page.emulateMedia({ colorScheme: null });
  await cdp.detach();
  return result;
}
