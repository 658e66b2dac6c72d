/**
 * `npx tsx test/bench/connect.ts` (also `npm run bench:connect`): DocuSign Connect into the server.
 *
 * 1. Throughput: Connect messages per second the listening server accepts (HMAC checked against the
 *    account's keys, merged and committed durably to its SQLite file, then acknowledged), with 64
 *    deliveries in flight, against a baseline in the same run: a bare Node HTTP server (same
 *    @hono/node-server) that only reads the body and answers 200.
 * 2. Delay from a Connect delivery to the change reaching an open `GET /v1/envelope-events` stream
 *    (what the extension's worker relays to the page's button), median and 95th percentile.
 * Absolute numbers depend on the machine; the ratio compares the two servers on the same one.
 */
import { serve } from '@hono/node-server';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECT_PATH } from '../../src/server/connect-route.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { startServer } from '../../src/server/serve.ts';
import { openStore } from '../../src/server/db/open.ts';
import { docusignLogin, SIM_ACCOUNTS, SIM_PUBLIC_KEY, SIM_USERS } from '../support/docusign-login.ts';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 5000);
const IN_FLIGHT = 64;
const ENVELOPES = 500;
/** Envelopes kept apart for the delay measurement, so each delivery there is news. */
const FRESH = 100;
const KEY = 'sim-connect-hmac-na2-key1';
const ACCOUNT = SIM_ACCOUNTS.aliceUs;
const ALICE = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';

const envelopeId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** One recipient-completed message with a recipients snapshot, as DocuSign sends it; `n` makes each distinct. */
function message(i: number, n: number): { body: string; signature: string } {
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
  return { body, signature: createHmac('sha256', KEY).update(body).digest('base64') };
}

async function blast(url: string, messages: { body: string; signature: string }[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < messages.length) {
      const m = messages[next++] as { body: string; signature: string };
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-docusign-signature-1': m.signature }, body: m.body });
      if (res.status !== 200) throw new Error(`delivery answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return messages.length / ((performance.now() - started) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'signbridge-bench-connect-'));
const databasePath = join(dir, 'signbridge.sqlite');
try {
  // The envelopes SignBridge "sent": tracked before the messages arrive.
  const seedStore = openStore(databasePath);
  for (let i = 0; i < ENVELOPES + FRESH; i++) {
    await seedStore.status.track({
      tenant: '', principal: ALICE, accountId: ACCOUNT, envelopeId: envelopeId(i), subject: 'Bench', documents: ['Bench.pdf'],
      status: 'sent', sentAt: 0, updatedAt: 0,
      recipients: [{ recipientId: '1', kind: 'signer', name: 'Dana', email: 'dana@example.org', routingOrder: 1, status: 'sent', sentAt: 0 }],
    });
  }
  await seedStore.close();

  const server = await startServer({
    config: { publicUrl: 'http://127.0.0.1:0', version: 'bench', docusign: { accountServer: '', clientId: SIM_PUBLIC_KEY, scopes: ['signature'], redirectUri: '' } },
    host: '127.0.0.1', port: 0, databasePath, log: memoryLogger('warn'),
  });
  const baseline = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: async (req) => (await req.arrayBuffer(), new Response('{"ok":true}')), hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const baselineUrl = `http://127.0.0.1:${(baseline.address() as AddressInfo).port}${CONNECT_PATH}`;
  const messages = Array.from({ length: MESSAGES }, (_, n) => message(n % ENVELOPES, n));
  await blast(`${server.url}${CONNECT_PATH}`, messages.slice(0, 500)); // warm-up
  await blast(baselineUrl, messages.slice(0, 500));
  const bare = await blast(baselineUrl, messages);
  const ours = await blast(`${server.url}${CONNECT_PATH}`, messages);

  // Delay: a delivery, then the change on an open event stream.
  const sim = server.simulator;
  if (!sim) throw new Error('expected the in-process simulator');
  const { accessToken } = await docusignLogin({ origin: sim.origin, fetch, user: SIM_USERS.alice });
  const abort = new AbortController();
  const stream = await fetch(`${server.url}/v1/envelope-events`, { headers: { authorization: `Bearer ${accessToken}` }, signal: abort.signal });
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
  const delays: number[] = [];
  for (let k = 0; k < FRESH; k++) {
    const m = message(ENVELOPES + k, 1); // the signer signed: news for an envelope kept apart
    const t0 = performance.now();
    const res = await fetch(`${server.url}${CONNECT_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-docusign-signature-1': m.signature }, body: m.body });
    await res.arrayBuffer();
    await nextEvent('envelope');
    delays.push(performance.now() - t0);
  }
  abort.abort();
  delays.sort((a, b) => a - b);
  const pct = (p: number) => (delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))] ?? 0).toFixed(1);

  console.log(`Connect messages accepted (HMAC checked, stored durably, acknowledged), ${MESSAGES} messages, ${IN_FLIGHT} in flight:`);
  console.log(`  SignBridge server: ${ours.toFixed(0)} messages/s`);
  console.log(`  bare HTTP server (read body, 200): ${bare.toFixed(0)} messages/s`);
  console.log(`  ratio SignBridge / bare: ${(ours / bare).toFixed(2)}  (goal: at least 1,000 messages/s)`);
  console.log(`Delay from a Connect delivery to the change on an open event stream, ${FRESH} deliveries: median ${pct(50)} ms, p95 ${pct(95)} ms`);
  console.log('  (goal: under 1,000 ms to the page button; this is the server half, the stream the extension\'s worker reads)');
  await new Promise<void>((resolve) => baseline.close(() => resolve()));
  await server.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
