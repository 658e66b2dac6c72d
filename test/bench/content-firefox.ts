/**
 * The content-script bench in Firefox (`npm run bench:content:firefox`, after `npm run build:firefox`):
 * the same fixture and phases as content.ts (Chromium), in Debian's Firefox ESR with dist-firefox/
 * installed. Firefox over WebDriver BiDi has no sampling profiler to read, so this prints the
 * wall-clock ratios only:
 * - decorating a 10,000-row library against the bare single-pass decorator on the same page served
 *   from `localhost`, an origin the content script does not match;
 * - 1,000 unrelated DOM mutations on the decorated page against the same on the baseline page.
 * Prints numbers; asserts nothing about wall-clock time.
 */
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { ROOT } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { launchFirefox } from '../firefox/firefox.ts';

const ROWS = 10_000;
const MUTATIONS = 1_000;
const RUNS = 3;

type Phase = 'decorate' | 'mutations';
type Bench = { bench: { decorate(mode: string, n: number): Promise<number>; mutations(n: number): Promise<number> } };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(page: Page, url: string, mode: 'extension' | 'baseline'): Promise<Record<Phase, number>> {
  await page.goto(url);
  if (mode === 'extension') await page.waitForSelector('[data-signbridge="button"]');
  const decorate = await page.evaluate((m, n) => (window as unknown as Bench).bench.decorate(m, n), mode, ROWS);
  const mutations = await page.evaluate((n) => (window as unknown as Bench).bench.mutations(n), MUTATIONS);
  return { decorate, mutations };
}

const server = await startStaticServer(join(ROOT, 'test/pages'));
const firefox = await launchFirefox();
try {
  const page = await firefox.browser.newPage();
  // The content script matches http://127.0.0.1 only: the same server as `localhost` is the baseline.
  const baselineUrl = server.url('bench-library.html').replace('//127.0.0.1:', '//localhost:');
  const ext: Record<Phase, number>[] = [];
  const base: Record<Phase, number>[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await measure(page, baselineUrl, 'baseline'));
    ext.push(await measure(page, server.url('bench-library.html'), 'extension'));
  }
  const med = (runs: Record<Phase, number>[], p: Phase) => median(runs.map((r) => r[p]));
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`SignBridge content bench: medians of ${RUNS} runs in one Firefox (${await firefox.browser.version()})`);
  console.log(
    `decorate ${ROWS} rows, wall clock (rows inserted → every button in place): SignBridge ${ms(med(ext, 'decorate'))}` +
      ` vs bare single pass ${ms(med(base, 'decorate'))} → ratio ${(med(ext, 'decorate') / med(base, 'decorate')).toFixed(2)}`,
  );
  console.log(
    `${MUTATIONS} unrelated mutations, wall clock: decorated page ${ms(med(ext, 'mutations'))} vs baseline page` +
      ` ${ms(med(base, 'mutations'))} → ratio ${(med(ext, 'mutations') / med(base, 'mutations')).toFixed(2)}`,
  );
} finally {
  await firefox.close();
  await server.close();
}
