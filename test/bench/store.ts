/**
 * `npm run bench:store`: the server's store and its own cost per send, in one run on this machine.
 *
 * 1. Sends per second and latency percentiles (p50/p95/p99, client side) of small sends through real
 *    `npm run server` processes against a listening simulator: on SQLite, on PostgreSQL with one
 *    instance, and on PostgreSQL with two behind a round-robin proxy. Printed as ratios against SQLite.
 * 2. A 1 MB send through the server against the same multipart `createEnvelope` sent straight to the
 *    simulator (send-cost.ts): the time the server adds, split by phase with the server's own timing
 *    (upload parsing, hashing, store writes, building DocuSign's request, the rest), and where its CPU
 *    goes (a `--cpu-prof` profile). `BENCH_ONLY_COST=1` runs this part alone.
 * Absolute numbers depend on the machine and its load; compare the ratios.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBin, startPostgresCluster } from '../support/postgres-cluster.ts';
import { measureSendCost } from './send-cost.ts';
import { sendMany, simToken, startFaultySim, startProxy, startServerChild, type ServerChild } from '../support/scale-kit.ts';

const SENDS = Number(process.env['BENCH_SENDS'] ?? 300);
const SKIP_STORES = process.env['BENCH_ONLY_COST'] === '1';
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);
const QUIET = { SIGNBRIDGE_LOG_LEVEL: 'warn' };

const dir = mkdtempSync(join(tmpdir(), 'sb-bench-store-'));
const sim = await startFaultySim(() => undefined);
const token = await simToken(sim.origin);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Throughput {
  name: string;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

async function measure(name: string, databases: string[]): Promise<Throughput> {
  const children: ServerChild[] = await Promise.all(databases.map((database) => startServerChild({ simOrigin: sim.origin, database, env: QUIET })));
  const proxy = children.length > 1 ? await startProxy(children.map((c) => c.port)) : undefined;
  const baseUrl = proxy?.url ?? children[0]?.url ?? '';
  try {
    await sendMany({ baseUrl, token, count: 20, concurrency: CONCURRENCY, prefix: `warm-${name.replace(/\W/g, '')}` });
    const started = performance.now();
    const records = await sendMany({ baseUrl, token, count: SENDS, concurrency: CONCURRENCY, prefix: `bench-${name.replace(/\W/g, '')}` });
    const seconds = (performance.now() - started) / 1000;
    const sorted = records.map((r) => r.ms).sort((a, b) => a - b);
    return { name, perSecond: SENDS / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
  } finally {
    await proxy?.close();
    for (const child of children) child.signal('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
  }
}

async function postgresDatabases(count: number): Promise<{ urls: string[]; stop(): void } | undefined> {
  const bin = findPostgresBin();
  if (bin === undefined) return undefined;
  const cluster = await startPostgresCluster(bin);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    await admin.query(`CREATE DATABASE bench_${i}`);
    const url = new URL(cluster.url);
    url.pathname = `/bench_${i}`;
    urls.push(url.toString());
  }
  await admin.end();
  return { urls, stop: () => cluster.stop() };
}

try {
  // 1. Throughput by store.
  const results = SKIP_STORES ? [] : [await measure('SQLite', [join(dir, 'bench.sqlite')])];
  const postgres = SKIP_STORES ? undefined : await postgresDatabases(2);
  if (postgres === undefined) {
    if (!SKIP_STORES) console.warn('*** no PostgreSQL in /usr/lib/postgresql/*/bin: PostgreSQL rows skipped ***');
  } else {
    try {
      results.push(await measure('PostgreSQL, 1 instance', [postgres.urls[0] ?? '']));
      results.push(await measure('PostgreSQL, 2 instances', [postgres.urls[1] ?? '', postgres.urls[1] ?? '']));
    } finally {
      postgres.stop();
    }
  }
  const base = results[0];
  if (!SKIP_STORES) console.log(`\n${SENDS} small sends, ${CONCURRENCY} at a time, through npm run server against the simulator:`);
  if (!SKIP_STORES) console.log('store                      sends/s   p50 ms   p95 ms   p99 ms   (ratio to SQLite: sends/s, p50, p95, p99)');
  for (const r of results) {
    const ratio = (x: number, y: number | undefined) => (y === undefined ? '-' : (x / y).toFixed(2));
    console.log(
      `${r.name.padEnd(26)} ${r.perSecond.toFixed(1).padStart(7)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)}   ` +
        `(${ratio(r.perSecond, base?.perSecond)}, ${ratio(r.p50, base?.p50)}, ${ratio(r.p95, base?.p95)}, ${ratio(r.p99, base?.p99)})`,
    );
  }

  // 2. A 1 MB send: the server's added time, where it goes, and what its CPU does.
  await measureSendCost({ simOrigin: sim.origin, token, dir, runs: RUNS });
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
