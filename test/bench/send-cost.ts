/**
 * The server's own cost per send (part 2 of `npm run bench:store`): a 1 MB send through a real
 * `npm run server` process against the same multipart `createEnvelope` sent straight to the simulator,
 * alternated in one run. The added time is split by phase with the server's own timing (the
 * `signbridge_send_phase_seconds` histogram, scraped from `/metrics` before and after the runs), the
 * remainder printed as "the rest", and the server process's own CPU per send (prom-client's process
 * counters, which a loaded machine moves far less than the times); then a `--cpu-prof` profile of a
 * second server process says what its CPU did (a profiled process runs slower, so it is kept apart from
 * the timed one).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { EnvelopeRequest } from '../../src/shared/api.ts';
import { buildDefinition, envelopeBody, planRecipients } from '../../src/server/envelope.ts';
import { SEND_PHASES, type SendPhase } from '../../src/server/send-phases.ts';
import { metric } from '../support/metrics-text.ts';
import { startServerChild } from '../support/scale-kit.ts';
import { envelopeForm, envelopeRequest } from '../support/server-kit.ts';
import { summariseProfile } from './cpu-profile.ts';
import { pdfOfSize } from './pdf-of-size.ts';

const MB = 1024 * 1024;
const WARM_UP = 3;
const QUIET = { SIGNBRIDGE_LOG_LEVEL: 'warn' };

const PHASE_NAMES: Record<SendPhase, string> = {
  upload: 'receiving and parsing the upload',
  hashing: 'hashing (documents, request)',
  store: 'store writes (claim, renew, outcome)',
  build: 'building DocuSign’s request',
  docusign: 'the DocuSign call',
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (x: number) => `${x.toFixed(2).padStart(7)} ms`;

interface Account {
  account_id: string;
  base_uri: string;
}

export interface CostSetup {
  simOrigin: string;
  token: string;
  /** A scratch directory for the databases and the profile. */
  dir: string;
  runs: number;
}

export async function measureSendCost({ simOrigin, token, dir, runs }: CostSetup): Promise<void> {
  const bytes = pdfOfSize(MB);
  const info = (await (await fetch(`${simOrigin}/oauth/userinfo`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { accounts: Account[] };
  const account = info.accounts.find((a) => a.account_id === envelopeRequest().accountId) ?? info.accounts[0];
  if (account === undefined) throw new Error('no account');

  /** The multipart createEnvelope the server would make, sent straight to the simulator. */
  const rawCreate = async (): Promise<number> => {
    const request = v.parse(EnvelopeRequest, envelopeRequest());
    const requestId = crypto.randomUUID();
    const documents = [{ documentId: '1', name: 'Offer.pdf', extension: 'pdf', mime: 'application/pdf', chunks: [bytes], size: bytes.byteLength, sha256: '' }];
    const body = envelopeBody(buildDefinition(request, planRecipients(request, requestId), documents, requestId, [], undefined), documents);
    const started = performance.now();
    const res = await fetch(`${account.base_uri}/restapi/v2.1/accounts/${account.account_id}/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': body.contentType, Accept: 'application/json' },
      body: body.stream(),
      duplex: 'half',
    } as RequestInit);
    await res.json();
    if (res.status !== 201) throw new Error(`raw createEnvelope: ${res.status}`);
    return performance.now() - started;
  };

  // The extension's upload, encoded once like the raw call's body: the bench's own FormData encoding
  // (in the process that also runs the simulator) is not the server's cost.
  const form = new Request('http://encode.invalid/', { method: 'POST', body: envelopeForm(envelopeRequest(), [{ bytes, name: 'Offer.pdf' }]) });
  const formType = form.headers.get('content-type') ?? '';
  const formBytes = new Uint8Array(await form.arrayBuffer());
  const throughServer = async (url: string, key: string): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${url}/v1/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key, 'Content-Type': formType },
      body: formBytes,
    });
    await res.json();
    if (res.status !== 201) throw new Error(`send through the server: ${res.status}`);
    return performance.now() - started;
  };

  /** Alternates raw and served sends; `between` runs after the warm-up, before the measured sends. */
  const alternate = async (url: string, prefix: string, between?: () => Promise<void>) => {
    const raw: number[] = [];
    const served: number[] = [];
    for (let i = 0; i < WARM_UP; i++) {
      await rawCreate();
      await throughServer(url, `key-${prefix}-warm-${i}`);
    }
    await between?.();
    for (let i = 0; i < runs; i++) {
      raw.push(await rawCreate());
      served.push(await throughServer(url, `key-${prefix}-${String(i).padStart(4, '0')}`));
    }
    return { raw, served };
  };

  // 1. Timed: the added time and its phases.
  const server = await startServerChild({ simOrigin, database: join(dir, 'cost.sqlite'), env: QUIET });
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
  let before = '';
  const { raw, served } = await alternate(server.url, 'cost', async () => {
    before = await scrape();
  });
  const after = await scrape();
  server.signal('SIGTERM');
  await server.exited;

  const addedMedian = median(served) - median(raw);
  console.log(`\n1 MB send, ${runs} runs each, alternating: straight to the simulator (baseline) and through SignBridge`);
  console.log(`  median: raw multipart createEnvelope ${median(raw).toFixed(1)} ms, through SignBridge ${median(served).toFixed(1)} ms`);
  console.log(`  the server adds ${addedMedian.toFixed(1)} ms (median; ${(median(served) / median(raw)).toFixed(2)}x the raw call)`);
  const sends = metric(after, 'signbridge_send_phase_seconds_count', { phase: 'docusign' }) - metric(before, 'signbridge_send_phase_seconds_count', { phase: 'docusign' });
  const phaseMs = (phase: SendPhase) =>
    (1000 * (metric(after, 'signbridge_send_phase_seconds_sum', { phase }) - metric(before, 'signbridge_send_phase_seconds_sum', { phase }))) / sends;
  const addedMean = mean(served) - mean(raw);
  console.log(`  where the added time goes (mean per send over ${sends} sends, the server's signbridge_send_phase_seconds):`);
  const own = SEND_PHASES.filter((p) => p !== 'docusign');
  for (const phase of own) console.log(`    ${PHASE_NAMES[phase].padEnd(44)} ${ms(phaseMs(phase))}  ${((100 * phaseMs(phase)) / addedMean).toFixed(0).padStart(3)} %`);
  const rest = addedMean - own.reduce((sum, p) => sum + phaseMs(p), 0);
  console.log(`    ${'the rest (HTTP in and out, routing, auth)'.padEnd(44)} ${ms(rest)}  ${((100 * rest) / addedMean).toFixed(0).padStart(3)} %`);
  console.log(`    ${'added in all (mean)'.padEnd(44)} ${ms(addedMean)}  ${(mean(served) / mean(raw)).toFixed(2)}x the raw call`);
  console.log(`  (the DocuSign call from the server took ${phaseMs('docusign').toFixed(2)} ms, the raw call ${mean(raw).toFixed(2)} ms: the difference is in the rest)`);
  // CPU the server process itself used (prom-client's process counters): unlike the times above, barely
  // moved by other processes taking the machine's cores meanwhile.
  const cpu = (text: string) => metric(text, 'signbridge_process_cpu_user_seconds_total') + metric(text, 'signbridge_process_cpu_system_seconds_total');
  console.log(`  server CPU per send (user + system, the timed server process): ${((1000 * (cpu(after) - cpu(before))) / sends).toFixed(2)} ms`);

  // 2. Profiled: what the server's CPU did.
  const profiles = join(dir, 'profiles');
  const profiled = await startServerChild({ simOrigin, database: join(dir, 'profiled.sqlite'), env: QUIET, nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profiles}`] });
  await alternate(profiled.url, 'profiled');
  profiled.signal('SIGTERM');
  await profiled.exited;
  const profile = readdirSync(profiles).find((f) => f.endsWith('.cpuprofile'));
  if (profile === undefined) {
    console.warn('  no CPU profile written');
    return;
  }
  const profiledSends = runs + WARM_UP;
  const { categories, topOther } = summariseProfile(join(profiles, profile), /src\/server\/routes\/envelopes\.ts/);
  const summary = categories.filter((s) => !/idle|start-up/.test(s.category));
  const total = summary.reduce((sum, s) => sum + s.ms, 0);
  console.log(`  server CPU per 1 MB send (a --cpu-prof server over ${profiledSends} sends, start-up and idle left out):`);
  for (const s of summary) console.log(`    ${s.category.padEnd(44)} ${ms(s.ms / profiledSends)}  ${((100 * s.ms) / total).toFixed(0).padStart(3)} %`);
  console.log('  largest in "other":');
  for (const o of topOther) console.log(`    ${o.subject.slice(-70).padEnd(70)} ${ms(o.ms / profiledSends)}`);
}
