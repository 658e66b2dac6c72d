/**
 * Content-script bench, one Chromium run (`npx tsx test/bench/content.ts`, after `npm run build`):
 * - time to decorate a 10,000-row library against a bare single-pass decorator in the same browser
 *   (the baseline page is served on an origin the content script does not match), as a ratio;
 * - the cost of 1,000 unrelated DOM mutations on the decorated page, against the same on the
 *   baseline page;
 * - how late the buttons are after the page painted its 10,000 rows (first frame after insertion → last
 *   button), against the bare pass;
 * - SignBridge's CPU while a recycling 5,000-row list (test/pages/recycle-list.html) is scrolled end to
 *   end, against the list's own CPU;
 * - gzip sizes of the content script, of the dialog frame (loaded on click) and of both, read from dist/;
 *   the dialog's with and without the Place fields renderer (fields-size.ts).
 * Wall-clock times include the browser's rendering; the CPU figures come from the V8 sampling
 * profiler and count only time under SignBridge's content script (or under the baseline function).
 * Prints numbers; asserts nothing about wall-clock time.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { DIST, ROOT, launchWithExtension } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { fieldsSizes } from './fields-size.ts';
import type { Profile, ProfileNode } from './cpu-profile.ts';

const ROWS = 10_000;
const MUTATIONS = 1_000;
const RUNS = 3;

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** A dist/ JS file and every chunk it imports, transitively. */
function withImports(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const match of code.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["']([^"']+\.js)["']|import\(\s*["']([^"']+\.js)["']\s*\)/g)) {
    const spec = match[1] ?? match[2];
    if (!spec) continue;
    const resolved = spec.startsWith('/') ? join(DIST, spec) : normalize(join(dirname(entry), spec));
    withImports(resolved, seen);
  }
  return seen;
}

function sizes() {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as { content_scripts: { js?: string[]; css?: string[] }[] };
  const contentFiles = new Set<string>();
  for (const cs of manifest.content_scripts) for (const f of [...(cs.js ?? []), ...(cs.css ?? [])]) withImports(join(DIST, f), contentFiles);
  const dialogHtml = join(DIST, 'src/dialog/index.html');
  const dialogFiles = new Set<string>([dialogHtml]);
  for (const m of readFileSync(dialogHtml, 'utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
    const file = join(DIST, m[1] ?? '');
    if (file.endsWith('.js')) withImports(file, dialogFiles);
    else dialogFiles.add(file);
  }
  const sum = (files: Set<string>) => [...files].reduce((n, f) => n + gz(f), 0);
  const content = sum(contentFiles);
  return { content, contentFiles: contentFiles.size, dialog: sum(dialogFiles), dialogFiles: dialogFiles.size, total: content + sum(dialogFiles) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;


/** Milliseconds of samples with a frame under `match` somewhere in their stack. */
function cpuUnder(profile: Profile, match: (frame: ProfileNode['callFrame']) => boolean): number {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const under = new Map<number, boolean>();
  const isUnder = (id: number): boolean => {
    const known = under.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const value = node !== undefined && (match(node.callFrame) || (up !== undefined && isUnder(up)));
    under.set(id, value);
    return value;
  };
  let micros = 0;
  profile.samples.forEach((id, i) => {
    if (isUnder(id)) micros += profile.timeDeltas[i] ?? 0;
  });
  return micros / 1000;
}

type Phase = 'decorate' | 'mutations';
interface Run {
  wall: Record<Phase, number>;
  cpu: Record<Phase, number>;
}

async function measure(context: BrowserContext, page: Page, url: string, mode: 'extension' | 'baseline'): Promise<Run> {
  await page.goto(url);
  if (mode === 'extension') await page.waitForSelector('[data-signbridge="button"]', { state: 'attached' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const matchOurs =
    mode === 'extension'
      ? (f: ProfileNode['callFrame']) => f.url.includes('/assets/src-content-index')
      : (f: ProfileNode['callFrame']) => f.functionName === 'bareDecorate';
  const phase = async (run: () => Promise<number>) => {
    await cdp.send('Profiler.start');
    const wall = await run();
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    return { wall, cpu: cpuUnder(profile, matchOurs) };
  };
  type Bench = { bench: { decorate(m: string, n: number): Promise<number>; mutations(n: number): Promise<number> } };
  const decorate = await phase(() => page.evaluate(([m, n]) => (window as unknown as Bench).bench.decorate(m, n), [mode, ROWS] as const));
  const mutations = await phase(() => page.evaluate((n) => (window as unknown as Bench).bench.mutations(n), MUTATIONS));
  await cdp.detach();
  return { wall: { decorate: decorate.wall, mutations: mutations.wall }, cpu: { decorate: decorate.cpu, mutations: mutations.cpu } };
}

/**
 * Buttons after the rows were painted: the rows are inserted, the first frame after that paints them,
 * and the buttons count as late by the time from that frame to the last button (0 when they came first).
 */
async function latency(page: Page, url: string, mode: 'extension' | 'baseline'): Promise<number> {
  await page.goto(url);
  if (mode === 'extension') await page.waitForSelector('[data-signbridge="button"]', { state: 'attached' });
  type Bench = { bench: { latency(m: string, n: number): Promise<{ painted: number; done: number }> } };
  const { painted, done } = await page.evaluate(([m, n]) => (window as unknown as Bench).bench.latency(m, n), [mode, ROWS] as const);
  return Math.max(0, done - painted);
}

/** CPU of scrolling the recycling list (test/pages/recycle-list.html) through: SignBridge's and the list's own. */
async function scrollCost(context: BrowserContext, page: Page, url: string): Promise<{ ours: number; list: number; rows: number }> {
  await page.goto(url);
  await page.waitForSelector('[data-signbridge="button"]', { state: 'attached' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  type List = { vlist: { count: number; scrollThrough(): Promise<void> } };
  const rows = await page.evaluate(async () => {
    await (window as unknown as List).vlist.scrollThrough();
    // Let the last batch of rescans run before the profile stops.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return (window as unknown as List).vlist.count;
  });
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  await cdp.detach();
  return {
    ours: cpuUnder(profile, (f) => f.url.includes('/assets/src-content-index')),
    list: cpuUnder(profile, (f) => f.url.includes('recycle-list.html')),
    rows,
  };
}

const server = await startStaticServer(join(ROOT, 'test/pages'));
const { context } = await launchWithExtension();
try {
  const page = await context.newPage();
  // The baseline runs on an origin outside the content script's matches, so SignBridge stays out.
  await context.route('http://bench.invalid/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    await route.fulfill({ path: join(ROOT, 'test/pages', path === '/' ? 'bench-library.html' : path) });
  });
  const ext: Run[] = [];
  const base: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await measure(context, page, 'http://bench.invalid/bench-library.html', 'baseline'));
    ext.push(await measure(context, page, server.url('bench-library.html'), 'extension'));
  }
  const late: number[] = [];
  const lateBase: number[] = [];
  const scrolls: { ours: number; list: number; rows: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    lateBase.push(await latency(page, 'http://bench.invalid/bench-library.html', 'baseline'));
    late.push(await latency(page, server.url('bench-library.html'), 'extension'));
    scrolls.push(await scrollCost(context, page, server.url('recycle-list.html')));
  }
  const med = (runs: Run[], kind: 'wall' | 'cpu', p: Phase) => median(runs.map((r) => r[kind][p]));
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const s = sizes();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`SignBridge content bench: medians of ${RUNS} runs in one Chromium`);
  console.log(
    `decorate ${ROWS} rows, wall clock (rows inserted → every button in place): SignBridge ${ms(med(ext, 'wall', 'decorate'))}` +
      ` vs bare single pass ${ms(med(base, 'wall', 'decorate'))} → ratio ${(med(ext, 'wall', 'decorate') / med(base, 'wall', 'decorate')).toFixed(2)}`,
  );
  console.log(
    `decorate ${ROWS} rows, CPU in the decorating code: SignBridge ${ms(med(ext, 'cpu', 'decorate'))}` +
      ` vs bare single pass ${ms(med(base, 'cpu', 'decorate'))} → ratio ${(med(ext, 'cpu', 'decorate') / med(base, 'cpu', 'decorate')).toFixed(2)}`,
  );
  const extra = med(ext, 'cpu', 'mutations');
  console.log(
    `${MUTATIONS} unrelated mutations on the decorated page: SignBridge's CPU ${ms(extra)} (${((extra / MUTATIONS) * 1000).toFixed(1)} µs per mutation);` +
      ` wall clock ${ms(med(ext, 'wall', 'mutations'))} vs ${ms(med(base, 'wall', 'mutations'))} on the baseline page`,
  );
  console.log(
    `buttons after the ${ROWS} rows were painted (first frame after insertion → last button): SignBridge ${ms(median(late))}` +
      ` vs bare single pass ${ms(median(lateBase))}`,
  );
  const scroll = { ours: median(scrolls.map((x) => x.ours)), list: median(scrolls.map((x) => x.list)) };
  console.log(
    `scrolling a recycling ${scrolls[0]?.rows ?? 0}-row list end to end (rows rebound in place): SignBridge's CPU ${ms(scroll.ours)}` +
      ` vs the list's own ${ms(scroll.list)} → ratio ${(scroll.ours / scroll.list).toFixed(2)}`,
  );
  console.log(
    `gzip: content script ${kb(s.content)} (${s.contentFiles} file); the dialog frame loads ${kb(s.dialog)} on click` +
      ` (${s.dialogFiles} files); everything injected into a page ${kb(s.total)}`,
  );
  const f = fieldsSizes();
  console.log(
    `gzip: the dialog before "Place fields" ${kb(f.before)}; with the step and pdf.js (renderer and worker, ${f.files} more files)` +
      ` ${kb(f.after)} → ratio ${(f.after / f.before).toFixed(1)}`,
  );
} finally {
  await context.close();
  await server.close();
}
