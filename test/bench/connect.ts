/**
 * `npx tsx test/bench/connect.ts` (also `npm run bench:connect`): DocuSign Connect into the server.
 *
 * 1. Throughput: Connect messages per second a real `npm run server` process accepts (HMAC checked
 *    against the account's keys, merged and committed durably, then acknowledged), with concurrent
 *    senders keeping IN_FLIGHT deliveries open as DocuSign's bursts do, on SQLite and (when PostgreSQL is
 *    installed) on a throwaway PostgreSQL cluster. Baseline in the same run: a bare @hono/node-server in
 *    a process of its own that only reads the body and answers 200 (bare-child.ts). The senders run in
 *    this process over node:http keep-alive connections, the server in its own, as DocuSign and
 *    SignBridge do on two machines.
 * 2. Delay from a Connect delivery to the change on an open `GET /v1/envelope-events` stream (what the
 *    extension's worker relays to the page's button), median and 95th percentile.
 * `BENCH_PROFILE=1`: also where the SQLite server's CPU goes per message (a `--cpu-prof` profile).
 * Absolute numbers depend on the machine and its load; the ratio compares the servers on the same one.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { CONNECT_PATH } from '../../src/server/connect-route.ts';
import { openStore } from '../../src/server/db/open.ts';
import { SIM_ACCOUNTS } from '../support/docusign-login.ts';
import { findPostgresBin, startPostgresCluster } from '../support/postgres-cluster.ts';
import { simToken, startFaultySim, startServerChild, type ServerChild } from '../support/scale-kit.ts';
import { summariseProfile } from './cpu-profile.ts';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 10_000);
const IN_FLIGHT = Number(process.env['BENCH_IN_FLIGHT'] ?? 64);
const PROFILE = process.env['BENCH_PROFILE'] === '1';
const ENVELOPES = 1000;
/** Envelopes kept apart for the delay measurement, so each delivery there is news. */
const FRESH = 100;
const KEY = 'sim-connect-hmac-na2-key1';
/** A second active key (a rotation in progress): the server checks each message against both. */
const ROTATED = 'sim-connect-hmac-na2-key2-rotated';
const ACCOUNT = SIM_ACCOUNTS.aliceUs;
const ALICE = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';

const envelopeId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

interface Delivery {
  body: Buffer;
  signature: string;
}

/** One recipient message with a recipients snapshot, as DocuSign sends it; `n` makes each distinct. */
function message(i: number, n: number): Delivery {
  const at = new Date(Date.UTC(2026, 10, 21, 10) + n * 1000).toISOString();
  const body = JSON.stringify({
    event: n % 2 === 0 ? 'recipient-delivered' : 'recipient-completed',
    apiVersion: 'v2.1',
    uri: `/restapi/v2.1/accounts/${ACCOUNT}/envelopes/${envelopeId(i)}`,
    retryCount: 0,
    configurationId: 'envelope',
    generatedDateTime: at,
    data: {
      accountId: ACCOUNT,
      userId: ALICE,
      envelopeId: envelopeId(i),
      recipientId: '1',
      envelopeSummary: {
        status: 'sent',
        emailSubject: 'Bench',
        statusChangedDateTime: at,
        recipients: { signers: [{ recipientId: '1', name: 'Dana', email: 'dana@example.org', routingOrder: '1', status: n % 2 === 0 ? 'delivered' : 'completed', deliveredDateTime: at }] },
      },
    },
  });
  return { body: Buffer.from(body), signature: createHmac('sha256', KEY).update(body).digest('base64') };
}

/** POSTs one delivery on a kept-alive connection; resolves with the status once the answer is read. */
function deliver(agent: Agent, url: URL, m: Delivery): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: CONNECT_PATH, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': m.body.byteLength, 'x-docusign-signature-1': m.signature } },
      (res) => {
        res.on('data', () => undefined);
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(m.body);
  });
}

/** Messages per second with IN_FLIGHT senders, each POSTing the next message as soon as its last is answered. */
async function blast(base: string, messages: Delivery[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const url = new URL(base);
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < messages.length) {
      const status = await deliver(agent, url, messages[next++] as Delivery);
      if (status !== 200) throw new Error(`delivery answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  const perSecond = messages.length / ((performance.now() - started) / 1000);
  agent.destroy();
  return perSecond;
}

/** The envelopes SignBridge "sent": tracked (and the database migrated) before the server starts. */
async function seed(database: string): Promise<void> {
  const store = openStore(database);
  await store.ready();
  for (let i = 0; i < ENVELOPES + FRESH; i++) {
    await store.status.track({
      tenant: '', principal: ALICE, accountId: ACCOUNT, envelopeId: envelopeId(i), subject: 'Bench', documents: ['Bench.pdf'],
      status: 'sent', sentAt: 0, updatedAt: 0,
      recipients: [{ recipientId: '1', kind: 'signer', name: 'Dana', email: 'dana@example.org', routingOrder: 1, status: 'sent', sentAt: 0 }],
    });
  }
  await store.close();
}

async function startBare(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'bare-child.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = (await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()).value as string;
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.stdin.end() };
}

async function eventStreamDelay(server: ServerChild, token: string): Promise<number[]> {
  const abort = new AbortController();
  const stream = await fetch(`${server.url}/v1/envelope-events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const nextEvent = async (name: string) => {
    for (;;) {
      const i = buffer.indexOf(`event: ${name}\n`);
      if (i >= 0 && buffer.indexOf('\n\n', i) > 0) {
        buffer = buffer.slice(buffer.indexOf('\n\n', i) + 2);
        return;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  await nextEvent('ready');
  const agent = new Agent({ keepAlive: true });
  const delays: number[] = [];
  for (let k = 0; k < FRESH; k++) {
    const m = message(ENVELOPES + k, 1); // the signer signed: news for an envelope kept apart
    const t0 = performance.now();
    await deliver(agent, new URL(server.url), m);
    await nextEvent('envelope');
    delays.push(performance.now() - t0);
  }
  abort.abort();
  agent.destroy();
  return delays.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN).toFixed(1);

const dir = mkdtempSync(join(tmpdir(), 'signbridge-bench-connect-'));
const keysFile = join(dir, 'connect-keys.json');
writeFileSync(keysFile, JSON.stringify({ accounts: { [ACCOUNT]: [ROTATED, KEY] } }));
const sim = await startFaultySim(() => undefined);
const bare = await startBare();
const ENV = { SIGNBRIDGE_CONNECT_KEYS_FILE: keysFile };
const messages = Array.from({ length: MESSAGES }, (_, n) => message(n % ENVELOPES, n));
const rows: { name: string; perSecond: number; bare: number }[] = [];
let delays: number[] = [];
const profiles = join(dir, 'profiles');

/** One store: warm up, then the bare server and ours back to back so both see the same load. */
async function measure(name: string, database: string, opts: { delay?: boolean; profile?: boolean } = {}) {
  await seed(database);
  const server = await startServerChild({ simOrigin: sim.origin, database, env: ENV, ...(opts.profile ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profiles}`] } : {}) });
  try {
    await blast(server.url, messages.slice(0, 1000));
    await blast(bare.url, messages.slice(0, 1000));
    const bareRate = await blast(bare.url, messages);
    const ours = await blast(server.url, messages);
    rows.push({ name, perSecond: ours, bare: bareRate });
    if (opts.delay) delays = await eventStreamDelay(server, await simToken(sim.origin));
  } finally {
    server.signal('SIGTERM');
    await server.exited;
  }
}

try {
  await measure('SQLite (WAL, synchronous FULL)', join(dir, 'bench.sqlite'), { delay: true, profile: PROFILE });
  const bin = findPostgresBin();
  if (bin === undefined) console.warn('*** no PostgreSQL in /usr/lib/postgresql/*/bin: the PostgreSQL row is skipped ***');
  else {
    const cluster = await startPostgresCluster(bin);
    try {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE bench_connect');
      await admin.end();
      const url = new URL(cluster.url);
      url.pathname = '/bench_connect';
      await measure('PostgreSQL 15 (local cluster)', url.toString());
    } finally {
      cluster.stop();
    }
  }

  console.log(`Connect messages accepted (HMAC checked against 2 keys, stored durably, acknowledged), ${MESSAGES} messages, ${IN_FLIGHT} in flight:`);
  console.log('store                            messages/s   bare server msg/s   ratio to bare');
  for (const r of rows) console.log(`${r.name.padEnd(32)} ${r.perSecond.toFixed(0).padStart(10)} ${r.bare.toFixed(0).padStart(19)} ${(r.perSecond / r.bare).toFixed(2).padStart(15)}`);
  console.log('  (goal: at least 1,000 messages/s; the bare server reads the body and answers 200, nothing else)');
  console.log(`Delay from a Connect delivery to the change on an open event stream, ${FRESH} deliveries: median ${pct(delays, 50)} ms, p95 ${pct(delays, 95)} ms`);
  console.log('  (the server half; npm run bench:connect:browser measures to the page button in Chromium)');
  const profile = PROFILE ? readdirSync(profiles).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (profile !== undefined) {
    const { categories, topOther } = summariseProfile(join(profiles, profile), /src\/server\/connect-route\.ts/);
    const summary = categories.filter((s) => !/idle|start-up/.test(s.category));
    const total = summary.reduce((sum, s) => sum + s.ms, 0);
    const count = MESSAGES + 1000 + FRESH;
    console.log(`SQLite server CPU per message (profile over ${count} messages, start-up and idle left out):`);
    for (const s of summary) console.log(`  ${s.category.padEnd(38)} ${((1000 * s.ms) / count).toFixed(1).padStart(7)} µs  ${((100 * s.ms) / total).toFixed(0).padStart(3)} %`);
    console.log('  largest in "other":');
    for (const o of topOther) console.log(`    ${o.subject.slice(-70).padEnd(70)} ${((1000 * o.ms) / count).toFixed(1).padStart(7)} µs`);
  }
} finally {
  bare.stop();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
