/**
 * `npx tsx test/bench/server.ts` (also `npm run bench:server`): what the companion server costs.
 *
 * 1. Latency of one send with a 1 MB PDF, median of N, against a listening simulator, three ways:
 *    a direct `createEnvelope` call (JSON with base64, global fetch), the same send through DocuSign's
 *    official Node SDK (docusign-esign `EnvelopesApi.createEnvelope`), and the extension's send through
 *    SignBridge (multipart to the server, which authenticates, validates, records the idempotency key
 *    and calls createEnvelope). Printed: the medians, the server's added latency and the ratios.
 * 2. Peak memory of the server process (alone in a child process) while it sends one 25 MB document,
 *    above its idle baseline, as a multiple of the document's size.
 * Ratios come from one run on the same machine; absolute numbers depend on the machine.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { loadDefaultSeed, startSimServer } from '../../src/sim/index.ts';
import { pdfOfSize } from './pdf-of-size.ts';
import { docusignLogin, SIM_ACCOUNTS, SIM_USERS } from '../support/docusign-login.ts';
import { envelopeForm, envelopeRequest } from '../support/server-kit.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 30);
const MB = 1024 * 1024;

interface EnvelopesApi {
  createEnvelope(accountId: string, opts: { envelopeDefinition: unknown }): Promise<{ envelopeId: string }>;
}
interface DocusignModule {
  ApiClient: new () => { setBasePath(path: string): void; addDefaultHeader(name: string, value: string): void };
  EnvelopesApi: new (client: unknown) => EnvelopesApi;
}
const docusign = createRequire(import.meta.url)('docusign-esign') as DocusignModule;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

async function timed(label: string, run: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < 3; i++) await run(-1 - i); // warm up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  const m = median(times);
  console.log(`  ${label.padEnd(44)} median ${m.toFixed(1)} ms`);
  return m;
}

function definition(doc: Uint8Array, i: number) {
  return {
    emailSubject: `Bench ${i}`,
    status: 'sent',
    documents: [{ documentId: '1', name: 'Bench.pdf', fileExtension: 'pdf', documentBase64: Buffer.from(doc).toString('base64') }],
    recipients: { signers: [{ recipientId: '1', routingOrder: '1', name: 'Dana Doe', email: 'dana@example.org' }] },
    customFields: { textCustomFields: [{ name: 'signbridge_request_id', value: `bench-${i}`, show: 'false' }] },
  };
}

async function startChild(accountServer: string) {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'server-child.ts'), accountServer], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(((await lines.next()).value as string | undefined) ?? '{}') as Record<string, number | string>;
  const ready = await next();
  return {
    url: String(ready['url']),
    report: async () => {
      child.stdin.write('report\n');
      return next() as Promise<{ baselineRss: number; peakRss: number }>;
    },
  };
}

// A simulator without service-protection limits, so the runs measure work, not refusals.
const sim = await startSimServer({ port: 0, seed: { ...loadDefaultSeed(), limits: { burst: 1_000_000, hourly: 1_000_000 } } });
try {
  const { accessToken } = await docusignLogin({ origin: sim.origin, fetch, user: SIM_USERS.alice });
  const base = `${sim.origin}/na2/restapi`;
  const doc = pdfOfSize(MB);
  console.log(`Send of one ${(doc.length / MB).toFixed(0)} MB PDF, ${RUNS} runs each, against a listening simulator:`);

  const direct = await timed('direct createEnvelope (fetch, JSON)', async (i) => {
    const res = await fetch(`${base}/v2.1/accounts/${SIM_ACCOUNTS.aliceUs}/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(definition(doc, i)),
    });
    if (res.status !== 201) throw new Error(`direct: ${res.status} ${await res.text()}`);
  });

  const client = new docusign.ApiClient();
  client.setBasePath(base);
  client.addDefaultHeader('Authorization', `Bearer ${accessToken}`);
  const envelopesApi = new docusign.EnvelopesApi(client);
  const sdk = await timed('docusign-esign SDK createEnvelope', async (i) => {
    await envelopesApi.createEnvelope(SIM_ACCOUNTS.aliceUs, { envelopeDefinition: definition(doc, i) });
  });

  const server = await startChild(sim.origin);
  const request = envelopeRequest({ signers: [{ name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1 }], carbonCopies: [], fields: [] });
  let key = 0;
  const viaServer = await timed('through SignBridge (multipart → server → sim)', async () => {
    const res = await fetch(`${server.url}/v1/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Idempotency-Key': `bench-key-${String(key++).padStart(6, '0')}` },
      body: envelopeForm(request, [{ bytes: doc, name: 'Bench.pdf' }]),
    });
    if (res.status !== 201) throw new Error(`server: ${res.status} ${await res.text()}`);
  });
  console.log(`  server added latency vs direct: ${(viaServer - direct).toFixed(1)} ms per send`);
  console.log(`  ratio SignBridge / direct: ${(viaServer / direct).toFixed(2)}x   SignBridge / SDK: ${(viaServer / sdk).toFixed(2)}x   SDK / direct: ${(sdk / direct).toFixed(2)}x`);
  await server.report();

  // Memory: a fresh server process per run, one 25 MB document each; the peak depends on when the
  // garbage collector runs, so three runs and their median.
  const big = pdfOfSize(25 * MB);
  const multiples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const fresh = await startChild(sim.origin);
    const res = await fetch(`${fresh.url}/v1/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Idempotency-Key': `bench-key-25mb-${run}000` },
      body: envelopeForm(request, [{ bytes: big, name: 'Big.pdf' }]),
    });
    if (res.status !== 201) throw new Error(`25 MB send: ${res.status} ${await res.text()}`);
    const { baselineRss, peakRss } = await fresh.report();
    multiples.push((peakRss - baselineRss) / big.length);
  }
  console.log(
    `Peak memory of the server process for one 25 MB document, above its idle baseline: ${median(multiples).toFixed(2)}x the document size (median of ${multiples.map((m) => m.toFixed(2)).join(', ')})`,
  );
  // What it holds is one copy of the document (the uploaded chunks, sent on to DocuSign as they are);
  // the rest of the peak is the upload's spent buffers waiting for the garbage collector.
  console.log('  (peak resident set, sampled every millisecond: includes buffers spent but not yet collected)');
} finally {
  await sim.close();
}
