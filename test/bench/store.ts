/**
 * `npm run bench:store`: the server's store and its own cost per send, in one run on this machine.
 *
 * 1. Sends per second and latency percentiles (p50/p95/p99, client side) of small sends through real
 *    `npm run server` processes against a listening simulator: on SQLite, on PostgreSQL with one
 *    instance, and on PostgreSQL with two behind a round-robin proxy. Printed as ratios against SQLite.
 * 2. A 1 MB send through the server against the same multipart `createEnvelope` sent straight to the
 *    simulator: the time the server adds, and where its CPU goes (a `--cpu-prof` profile of the server
 *    process, summed by what the code does: hashing, multipart parsing, store, DocuSign's request, HTTP).
 * Absolute numbers depend on the machine and its load; compare the ratios.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import * as v from 'valibot';
import { EnvelopeRequest } from '../../src/shared/api.ts';
import { buildDefinition, envelopeBody, planRecipients } from '../../src/server/envelope.ts';
import { findPostgresBin, startPostgresCluster } from '../support/postgres-cluster.ts';
import { envelopeForm, envelopeRequest } from '../support/server-kit.ts';
import { sendMany, simToken, startFaultySim, startProxy, startServerChild, type ServerChild } from '../support/scale-kit.ts';
import { summariseProfile } from './cpu-profile.ts';
import { pdfOfSize } from './pdf-of-size.ts';

const SENDS = Number(process.env['BENCH_SENDS'] ?? 300);
const SKIP_STORES = process.env['BENCH_ONLY_COST'] === '1';
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);
const MB = 1024 * 1024;
const QUIET = { SIGNBRIDGE_LOG_LEVEL: 'warn' };

const dir = mkdtempSync(join(tmpdir(), 'sb-bench-store-'));
const sim = await startFaultySim(() => undefined);
const token = await simToken(sim.origin);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

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

/** The multipart createEnvelope the server would make, sent straight to the simulator. */
async function rawCreate(bytes: Uint8Array, baseUri: string, accountId: string): Promise<number> {
  const request = v.parse(EnvelopeRequest, envelopeRequest());
  const requestId = crypto.randomUUID();
  const documents = [{ documentId: '1', name: 'Offer.pdf', extension: 'pdf', mime: 'application/pdf', chunks: [bytes], size: bytes.byteLength, sha256: '' }];
  const body = envelopeBody(buildDefinition(request, planRecipients(request, requestId), documents, requestId, [], undefined), documents);
  const started = performance.now();
  const res = await fetch(`${baseUri}/restapi/v2.1/accounts/${accountId}/envelopes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': body.contentType, Accept: 'application/json' },
    body: body.stream(),
    duplex: 'half',
  } as RequestInit);
  await res.json();
  if (res.status !== 201) throw new Error(`raw createEnvelope: ${res.status}`);
  return performance.now() - started;
}

async function throughServer(url: string, bytes: Uint8Array, key: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${url}/v1/envelopes`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
    body: envelopeForm(envelopeRequest(), [{ bytes, name: 'Offer.pdf' }]),
  });
  await res.json();
  if (res.status !== 201) throw new Error(`send through the server: ${res.status}`);
  return performance.now() - started;
}

try {
  // 1. Throughput by store.
  const results = SKIP_STORES ? [] : [await measure('SQLite', [join(dir, 'bench.sqlite')])];
  const postgres = SKIP_STORES ? undefined : await postgresDatabases(2);
  if (postgres === undefined) console.warn('*** no PostgreSQL in /usr/lib/postgresql/*/bin: PostgreSQL rows skipped ***');
  else {
    try {
      results.push(await measure('PostgreSQL, 1 instance', [postgres.urls[0] ?? '']));
      results.push(await measure('PostgreSQL, 2 instances', [postgres.urls[1] ?? '', postgres.urls[1] ?? '']));
    } finally {
      postgres.stop();
    }
  }
  const base = results[0];
  console.log(`\n${SENDS} small sends, ${CONCURRENCY} at a time, through npm run server against the simulator:`);
  console.log('store                      sends/s   p50 ms   p95 ms   p99 ms   (ratio to SQLite: sends/s, p50, p95, p99)');
  for (const r of results) {
    const ratio = (x: number, y: number | undefined) => (y === undefined ? '-' : (x / y).toFixed(2));
    console.log(
      `${r.name.padEnd(26)} ${r.perSecond.toFixed(1).padStart(7)} ${r.p50.toFixed(0).padStart(8)} ${r.p95.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)}   ` +
        `(${ratio(r.perSecond, base?.perSecond)}, ${ratio(r.p50, base?.p50)}, ${ratio(r.p95, base?.p95)}, ${ratio(r.p99, base?.p99)})`,
    );
  }

  // 2. A 1 MB send: the server's added time, and where its CPU goes.
  const profiles = join(dir, 'profiles');
  const server = await startServerChild({ simOrigin: sim.origin, database: join(dir, 'cost.sqlite'), env: QUIET, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profiles}`] });
  const bytes = pdfOfSize(MB);
  const info = (await (await fetch(`${sim.origin}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { accounts: { account_id: string; base_uri: string; is_default: boolean }[] };
  const account = info.accounts.find((a) => a.account_id === envelopeRequest().accountId) ?? info.accounts[0];
  if (account === undefined) throw new Error('no account');
  const raw: number[] = [];
  const served: number[] = [];
  for (let i = 0; i < 3; i++) {
    await rawCreate(bytes, account.base_uri, account.account_id);
    await throughServer(server.url, bytes, `key-cost-warm-${i}`);
  }
  for (let i = 0; i < RUNS; i++) {
    raw.push(await rawCreate(bytes, account.base_uri, account.account_id));
    served.push(await throughServer(server.url, bytes, `key-cost-${String(i).padStart(4, '0')}`));
  }
  server.signal('SIGTERM');
  await server.exited;
  const added = median(served) - median(raw);
  console.log(`\n1 MB send, median of ${RUNS}: straight to the simulator ${median(raw).toFixed(1)} ms, through SignBridge ${median(served).toFixed(1)} ms`);
  console.log(`  the server adds ${added.toFixed(1)} ms (${(median(served) / median(raw)).toFixed(2)}x the raw multipart createEnvelope)`);
  const profile = readdirSync(profiles).find((f) => f.endsWith('.cpuprofile'));
  if (profile === undefined) console.warn('  no CPU profile written');
  else {
    const sends = RUNS + 3;
    const { categories, topOther } = summariseProfile(join(profiles, profile), /src\/server\/routes\/envelopes\.ts/);
    const summary = categories.filter((s) => !/idle|start-up/.test(s.category));
    const total = summary.reduce((sum, s) => sum + s.ms, 0);
    console.log(`  server CPU per 1 MB send (profile over ${sends} sends, start-up and idle left out):`);
    for (const s of summary) console.log(`    ${s.category.padEnd(38)} ${(s.ms / sends).toFixed(2).padStart(7)} ms  ${((100 * s.ms) / total).toFixed(0).padStart(3)} %`);
    console.log('  largest in "other":');
    for (const o of topOther) console.log(`    ${o.subject.slice(-70).padEnd(70)} ${(o.ms / sends).toFixed(2).padStart(7)} ms`);
  }
} finally {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
