/**
 * Where the content script spends its CPU while it decorates the bench library's 10,000 rows
 * (`npx tsx test/bench/profile-content.ts`, after `npx vite build --minify false` for readable names):
 * self time by function, from the V8 sampling profiler over CDP, for the decoration phase only
 * (`PHASE=mutations`: for 1,000 unrelated mutations; `BENCH_DIST=<dir>`: another build).
 */
import { join } from 'node:path';
import { DIST, launchWithExtension, ROOT } from '../e2e/browser.ts';
import { startStaticServer } from '../e2e/static-server.ts';
import type { Profile } from './cpu-profile.ts';

const ROWS = Number(process.env['ROWS'] ?? 10_000);
const server = await startStaticServer(join(ROOT, 'test/pages'));
const { context } = await launchWithExtension(undefined, [], process.env['BENCH_DIST'] ?? DIST);
try {
  const page = await context.newPage();
  await page.goto(server.url('bench-library.html'));
  await page.waitForSelector('[data-signbridge="button"]', { state: 'attached' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  type Bench = { bench: { decorate(m: string, n: number): Promise<number>; mutations(n: number): Promise<number> } };
  // PHASE=mutations: 1,000 unrelated mutations on the page instead.
  const wall = await page.evaluate(
    ([phase, n]) => (phase === 'mutations' ? (window as unknown as Bench).bench.mutations(1000) : (window as unknown as Bench).bench.decorate('extension', n)),
    [process.env['PHASE'] ?? 'decorate', ROWS] as const,
  );
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ours = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (/\/src\/content\/index\.js$|\/assets\/src-content-index/.test(byId.get(at)?.callFrame.url ?? '')) return true;
    }
    return false;
  };
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if (!ours(id)) return;
    const f = byId.get(id)?.callFrame;
    const key = `${f?.functionName || '(anonymous)'} ${f?.url.split('/').pop() ?? ''}:${(f as { lineNumber?: number } | undefined)?.lineNumber ?? ''}`;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  console.log(`wall ${wall.toFixed(0)} ms; CPU under the content script ${total.toFixed(0)} ms; self time by function:`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
} finally {
  await context.close();
  await server.close();
}
