/**
 * Content-script bench, one Chromium run (`npx tsx test/bench/content.ts`, after `npm run build`):
 * - time to decorate a 10,000-row library against a bare single-pass decorator in the same browser
 *   (the baseline page is served on an origin the content script does not match), as a ratio; both runs
 *   under the page's observer that sees the last button (it makes each insertion cost a mutation record),
 *   and each run's CPU (runs of one build differ widely on a busy machine);
 * - the cost of 1,000 unrelated DOM mutations on the decorated page, against the same on the
 *   baseline page;
 * - how late the buttons are after the page rendered 1,000 rows, on three layouts (table rows, list items,
 *   grid rows whose link is a cell): performance marks in the page from the rows rendered to every row's
 *   button in the DOM, median and p95, and how often they were there before the first frame; and how much
 *   later than the page alone the first frame after the rows is laid out, with their buttons (when they show);
 * - SignBridge's CPU while a recycling 5,000-row list (test/pages/recycle-list.html) is scrolled end to
 *   end, against the list's own CPU;
 * - gzip sizes of the content script and of the dialog frame's initial load (test/support/bundle-size.ts,
 *   what test/unit/bundle-size.test.ts checks), against their budgets;
 * - a 25 MB document from the page to the companion server (test/bench/big-send.ts): time and the service
 *   worker's peak heap, against the page fetching the same 25 MB itself.
 * - gzip sizes of the content script, of the dialog frame (loaded on click) and of both, read from dist/;
 *   the dialog's with and without the Place fields renderer (fields-size.ts).
 * Wall-clock times include the browser's rendering; the CPU figures come from the V8 sampling
 * profiler and count only time under SignBridge's content script (or under the baseline function).
 * Prints numbers; asserts nothing about wall-clock time. `BENCH_ONLY=decorate,latency,scroll,sizes,big`
 * runs some phases only; `BENCH_DIST=<dir>` loads another build (to compare two builds one after the other);
 * `BENCH_RUNS=<n>` takes medians of n runs instead of 3; `BENCH_RAW=1` also prints each latency run (in view, first frame, laid out, all).
 */
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { CONTENT_GOAL, DIALOG_CEILING, DIALOG_GOAL, contentScriptLoad, dialogInitialLoad } from '../support/bundle-size.ts';
import { DIST, ROOT, launchWithExtension } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import { BIG_BYTES, bigSend } from './big-send.ts';
import { fieldsSizes } from './fields-size.ts';
import type { Profile, ProfileNode } from './cpu-profile.ts';

const ROWS = 10_000;
/** Rows a large real layout renders at once (a virtualised list renders far fewer; a plain table a page's worth). */
const LATENCY_ROWS = Number(process.env['LATENCY_ROWS'] ?? 1_000);
type Layout = 'table' | 'list' | 'grid';
/** `BENCH_LAYOUTS=table,list`: a build that reads style once per button takes minutes on the grid. */
const LAYOUTS = (process.env['BENCH_LAYOUTS']?.split(',') ?? ['table', 'list', 'grid']) as Layout[];
const EXTENSION = process.env['BENCH_DIST'] ?? DIST;
const only = process.env['BENCH_ONLY']?.split(',');
const runs = (phase: string) => !only || only.includes(phase);
const MUTATIONS = 1_000;
/** The content script's file, as the profiler names it (read from the build, so that an older build compares too). */
const CONTENT_FILE = `/${contentScriptLoad(EXTENSION).files[0]?.file ?? 'src/content/index.js'}`;
const isContentScript = (f: ProfileNode['callFrame']) => f.url.endsWith(CONTENT_FILE);
/** `BENCH_RUNS=9`: more runs for steadier medians on a noisy machine. */
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
/** `BENCH_RAW=1`: each latency run as well as the medians. */
const RAW = process.env['BENCH_RAW'] !== undefined;

/** A port nothing listens on now, for Chromium's CDP endpoint (the worker's heap is read through it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** The nearest-rank 95th percentile. */
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? NaN;


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

/**
 * The page's bare decorator, defined again in an isolated world of its own (as a content script runs:
 * every DOM call from such a world goes through that world's wrappers), run on the page's `bench-bare` event.
 */
async function isolatedBare(page: Page, cdp: CDPSession): Promise<void> {
  const source = await page.evaluate(() => (window as unknown as { bareDecorate: () => void }).bareDecorate.toString());
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'bench-bare' });
  await cdp.send('Runtime.evaluate', {
    contextId: executionContextId,
    expression: `${source}; document.addEventListener('bench-bare', () => bareDecorate(document.querySelector('.rows')));`,
  });
}

type Mode = 'extension' | 'baseline' | 'isolated';

async function measure(context: BrowserContext, page: Page, url: string, mode: Mode): Promise<Run> {
  await page.goto(url);
  if (mode === 'extension') await page.waitForSelector('[data-signbridge="button"]', { state: 'attached' });
  const cdp = await context.newCDPSession(page);
  if (mode === 'isolated') await isolatedBare(page, cdp);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const matchOurs =
    mode === 'extension'
      ? isContentScript
      : (f: ProfileNode['callFrame']) => f.functionName === 'bareDecorate';
  const phase = async (run: () => Promise<number>) => {
    await cdp.send('Profiler.start');
    const wall = await run();
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    return { wall, cpu: cpuUnder(profile, matchOurs) };
  };
  type Bench = { bench: { decorate(m: string, n: number): Promise<number>; mutations(n: number): Promise<number> } };
  const decorate = await phase(() => page.evaluate(([m, n]) => (window as unknown as Bench).bench.decorate(m, n), [mode, ROWS] as const));
  // The isolated-world baseline is compared for decoration only.
  const mutations =
    mode === 'isolated' ? { wall: NaN, cpu: NaN } : await phase(() => page.evaluate((n) => (window as unknown as Bench).bench.mutations(n), MUTATIONS));
  await cdp.detach();
  return { wall: { decorate: decorate.wall, mutations: mutations.wall }, cpu: { decorate: decorate.cpu, mutations: mutations.cpu } };
}

interface Late {
  /** From the rows rendered to every row's button in the DOM (ms). */
  buttons: number;
  /** From the rows rendered to the last button of the rows in the window (ms). */
  inView: number;
  rowsInView: number;
  /** From the rows rendered to the first frame after them (ms): buttons before it were painted with the rows. */
  firstFrame: number;
  /** From the rows rendered to that frame's layout done (ms): when the rows show. */
  laidOut: number;
}

/**
 * How late the buttons are after the page rendered `ROWS` rows in `layout` (the page's performance marks);
 * `page`: the page alone, without any decorator, for the time of its own first frame.
 */
async function latency(page: Page, url: string, mode: 'extension' | 'baseline' | 'page', layout: Layout): Promise<Late> {
  await page.goto(url);
  if (mode === 'extension') await page.waitForSelector('[data-signbridge="button"]', { state: 'attached' });
  type Bench = { bench: { latency(m: string, n: number, layout: string): Promise<Late> } };
  return page.evaluate(([m, n, l]) => (window as unknown as Bench).bench.latency(m, n, l), [mode, LATENCY_ROWS, layout] as const);
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
    ours: cpuUnder(profile, isContentScript),
    list: cpuUnder(profile, (f) => f.url.includes('recycle-list.html')),
    rows,
  };
}

const server = await startStaticServer(join(ROOT, 'test/pages'));
const cdpPort = await freePort();
const { context } = await launchWithExtension(undefined, [`--remote-debugging-port=${cdpPort}`], EXTENSION);
try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = await context.newPage();
  // The baseline runs on an origin outside the content script's matches, so SignBridge stays out.
  await context.route('http://bench.invalid/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    await route.fulfill({ path: join(ROOT, 'test/pages', path === '/' ? 'bench-library.html' : path) });
  });
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const bytes = (n: number) => `${n.toLocaleString('en')} B`;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  console.log(`SignBridge content bench: medians of ${RUNS} runs in one Chromium (${EXTENSION})`);
  if (runs('decorate')) {
    const ext: Run[] = [];
    const base: Run[] = [];
    const isolated: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      base.push(await measure(context, page, 'http://bench.invalid/bench-library.html', 'baseline'));
      isolated.push(await measure(context, page, 'http://bench.invalid/bench-library.html', 'isolated'));
      ext.push(await measure(context, page, server.url('bench-library.html'), 'extension'));
    }
    const med = (runs: Run[], kind: 'wall' | 'cpu', p: Phase) => median(runs.map((r) => r[kind][p]));
    console.log(
      `decorate ${ROWS} rows, wall clock (rows inserted → every button in place): SignBridge ${ms(med(ext, 'wall', 'decorate'))}` +
        ` vs bare single pass ${ms(med(base, 'wall', 'decorate'))} → ratio ${(med(ext, 'wall', 'decorate') / med(base, 'wall', 'decorate')).toFixed(2)}`,
    );
    console.log(
      `decorate ${ROWS} rows, CPU in the decorating code: SignBridge ${ms(med(ext, 'cpu', 'decorate'))}` +
        ` vs bare single pass ${ms(med(base, 'cpu', 'decorate'))} → ratio ${(med(ext, 'cpu', 'decorate') / med(base, 'cpu', 'decorate')).toFixed(2)};` +
        ` vs the same bare pass in an isolated world (as a content script runs) ${ms(med(isolated, 'cpu', 'decorate'))}` +
        ` → ratio ${(med(ext, 'cpu', 'decorate') / med(isolated, 'cpu', 'decorate')).toFixed(2)}`,
    );
    // How far apart single runs are: on a busy 2-core machine one run in three may take half as long again
    // (the profiler counts time the thread was preempted in), and the ratio of medians hides that.
    const cpus = (runs: Run[]) => runs.map((r) => r.cpu.decorate.toFixed(0)).join(' ');
    console.log(`decorate CPU of each run (ms): SignBridge ${cpus(ext)}; bare single pass ${cpus(base)}; in an isolated world ${cpus(isolated)}`);
    const extra = med(ext, 'cpu', 'mutations');
    console.log(
      `${MUTATIONS} unrelated mutations on the decorated page: SignBridge's CPU ${ms(extra)} (${((extra / MUTATIONS) * 1000).toFixed(1)} µs per mutation);` +
        ` wall clock ${ms(med(ext, 'wall', 'mutations'))} vs ${ms(med(base, 'wall', 'mutations'))} on the baseline page`,
    );
  }
  if (runs('latency')) {
    const late: Late[] = [];
    const lateBase: Late[] = [];
    /** Per layout, SignBridge's first frame laid out less the page alone's, one pair a run. */
    const delays = new Map<Layout, number[]>();
    for (let i = 0; i < RUNS; i++) {
      for (const layout of LAYOUTS) {
        lateBase.push(await latency(page, 'http://bench.invalid/bench-library.html', 'baseline', layout));
        const alone = await latency(page, 'http://bench.invalid/bench-library.html', 'page', layout);
        const ours = await latency(page, server.url('bench-library.html'), 'extension', layout);
        late.push(ours);
        delays.set(layout, [...(delays.get(layout) ?? []), ours.laidOut - alone.laidOut]);
      }
    }
    const seen = late.map((l) => l.inView);
    if (RAW) {
      console.log(`each run [in view, first frame, laid out, every row] ms: ${JSON.stringify(late.map((l) => [l.inView, l.firstFrame, l.laidOut, l.buttons].map(Math.round)))}`);
      console.log(`each run, the first frame's delay against the page alone (ms): ${JSON.stringify(Object.fromEntries([...delays].map(([k, v]) => [k, v.map(Math.round)])))}`);
    }
    const painted = late.filter((l) => l.inView <= l.firstFrame).length;
    const allDelays = [...delays.values()].flat();
    console.log(
      `the rows' first frame with their buttons in view (laid out, ${LATENCY_ROWS} rows; goal: buttons < 20 ms after the rows show):` +
        ` ${ms(median(late.map((l) => l.laidOut)))} after the rows were rendered, a delay against the page alone of` +
        ` ${[...delays].map(([layout, d]) => `${layout} ${ms(median(d))}`).join(', ')} (median; p95 of all ${ms(p95(allDelays))})`,
    );
    const frame = (runs: Late[]) => ms(median(runs.map((l) => l.firstFrame)));
    console.log(
      `buttons after the page rendered ${LATENCY_ROWS} rows (performance marks from the rows rendered; ${LAYOUTS.join(', ')};` +
        ` ${late.length} runs): the buttons of the rows in the window (${median(late.map((l) => l.rowsInView))} rows; goal < 20 ms):` +
        ` SignBridge median ${ms(median(seen))}, p95 ${ms(p95(seen))}, in the first frame with the rows in ${painted} of ${late.length} runs;` +
        ` that frame came ${frame(late)} after the rows (median; ${frame(lateBase)} with the bare pass, which waits a task);` +
        ` every row's button: SignBridge median ${ms(median(late.map((l) => l.buttons)))}, bare single pass a task later ${ms(median(lateBase.map((l) => l.buttons)))}`,
    );
  }
  if (runs('scroll')) {
    const scrolls: { ours: number; list: number; rows: number }[] = [];
    for (let i = 0; i < RUNS; i++) scrolls.push(await scrollCost(context, page, server.url('recycle-list.html')));
    const scroll = { ours: median(scrolls.map((x) => x.ours)), list: median(scrolls.map((x) => x.list)) };
    console.log(
      `scrolling a recycling ${scrolls[0]?.rows ?? 0}-row list end to end (rows rebound in place): SignBridge's CPU ${ms(scroll.ours)}` +
        ` vs the list's own ${ms(scroll.list)} → ratio ${(scroll.ours / scroll.list).toFixed(2)}`,
    );
  }
  if (runs('sizes')) {
    const dialogLoad = dialogInitialLoad(EXTENSION);
    const contentLoad = contentScriptLoad(EXTENSION);
    console.log(
      `gzip: the content script ${bytes(contentLoad.gzip)} (${contentLoad.files.length} file) → ${(contentLoad.gzip / CONTENT_GOAL).toFixed(2)}` +
        ` of the 8 KiB goal; the dialog frame loads ${bytes(dialogLoad.gzip)} on click (${dialogLoad.files.length} files)` +
        ` → ${(dialogLoad.gzip / DIALOG_GOAL).toFixed(2)} of the 15 kB goal (test ceiling ${bytes(DIALOG_CEILING)})`,
    );
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const f = fieldsSizes();
    console.log(
      `gzip: the dialog before "Place fields" ${kb(f.before)}; with the step and pdf.js (renderer and worker, ${f.files} more files)` +
        ` ${kb(f.after)} → ratio ${(f.after / f.before).toFixed(1)}`,
    );
  }
  if (runs('big')) {
    const big = await bigSend(context, extensionId, cdpPort);
    console.log(
      `a ${mb(BIG_BYTES)} document, page → server (Send → envelope id): ${ms(big.sendMs)} vs the page fetching it itself` +
        ` ${ms(big.fetchMs)} → ratio ${(big.sendMs / big.fetchMs).toFixed(2)}; the worker's peak heap ${mb(big.workerPeak)}` +
        ` (${(big.workerPeak / BIG_BYTES).toFixed(2)}× the document; ${big.workerSamples} readings) vs the page's for its fetch ${mb(big.pagePeak)}` +
        ` → ratio ${(big.workerPeak / Math.max(big.pagePeak, 1)).toFixed(2)}`,
    );
  }
} finally {
  await context.close();
  await server.close();
}
