/**
 * Several real server processes for the scale tests (test/scale/): the DocuSign simulator on a socket
 * in the test's process with a share of its eSignature calls failing at random, `npm run server`
 * children against it, a round-robin proxy in front of them, and a client that retries a send with its
 * Idempotency-Key until it is answered, as the extension does.
 */
import { spawn } from 'node:child_process';
import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createSim, loadDefaultSeed, type Sim } from '../../src/sim/index.ts';
import type { FaultMode } from '../../src/sim/types.ts';
import { docusignLogin, SIM_PUBLIC_KEY, SIM_USERS } from './docusign-login.ts';
import { envelopeForm, envelopeRequest, pdf } from './server-kit.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const closeServer = (server: Server) =>
  new Promise<void>((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });

/** What the simulator does with one eSignature call: a fault, a delay before it is handled, or both. */
export interface CallPlan {
  mode?: FaultMode;
  delayMs?: number;
}

export type Decide = (call: { method: string; path: string }) => CallPlan | undefined;

/** A share `rate` of calls fails, each with a mode drawn from `modes` (`random`: seeded, repeatable). */
export const randomFaults =
  (rate: number, modes: readonly FaultMode[], random: () => number): Decide =>
  () =>
    random() < rate ? { mode: modes[Math.floor(random() * modes.length)] ?? 'error503' } : undefined;

export interface ListeningSim {
  origin: string;
  sim: Sim;
  /** Faults injected so far, by mode. */
  injected: Record<string, number>;
  /** eSignature calls being handled right now (delayed, hanging or running). */
  active(): number;
  close(): Promise<void>;
}

/** The simulator on a socket; `decide` is asked about each eSignature call (`/restapi/`). */
export async function startFaultySim(decide: Decide): Promise<ListeningSim> {
  let origin = '';
  // DocuSign's own request limits (hourly, 30-second burst) have their tests; here they would only turn
  // a load test into a wait for the burst window.
  const sim = createSim({ origin: () => origin, seed: { ...loadDefaultSeed(), limits: { hourly: 1_000_000, burst: 1_000_000 } } });
  const injected: Record<string, number> = {};
  let active = 0;
  const server = serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: async (req, env) => {
      const { pathname } = new URL(req.url);
      const plan = pathname.includes('/restapi/') ? decide({ method: req.method, path: pathname }) : undefined;
      if (plan === undefined) return sim.app.fetch(req, env);
      active++;
      try {
        if (plan.delayMs !== undefined) await new Promise((r) => setTimeout(r, plan.delayMs));
        if (plan.mode !== undefined) {
          injected[plan.mode] = (injected[plan.mode] ?? 0) + 1;
          // Taken by the next matching call, this one: nothing awaits before the fault middleware.
          sim.control.inject({ method: req.method, path: pathname, mode: plan.mode });
        }
        return await sim.app.fetch(req, env);
      } finally {
        active--;
      }
    },
  }) as Server;
  await new Promise<void>((done) => (server.listening ? done() : server.once('listening', () => done())));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, sim, injected, active: () => active, close: () => closeServer(server) };
}

export interface ServerChild {
  url: string;
  port: number;
  /** Every line it printed (JSON log lines, mostly). */
  lines: string[];
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
}

/** `npm run server` as a child process against `simOrigin`, on `port`; resolves once `/readyz` says ready. */
export async function startServerChild(options: {
  simOrigin: string;
  database: string;
  port?: number;
  env?: Record<string, string>;
  /** Node flags before the loader (the bench's `--cpu-prof`). */
  nodeFlags?: string[];
}): Promise<ServerChild> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  // node itself with tsx's loader (not the tsx CLI, which runs the server as a grandchild that a SIGKILL
  // would leave running).
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...env,
      DOCUSIGN_ACCOUNT_SERVER: options.simOrigin,
      DOCUSIGN_CLIENT_ID: SIM_PUBLIC_KEY,
      SIGNBRIDGE_DATABASE: options.database,
      SIGNBRIDGE_PORT: String(port),
      SIGNBRIDGE_PUBLIC_URL: url,
      SIGNBRIDGE_RATE_LIMIT_PER_MINUTE: '1000000',
      SIGNBRIDGE_LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')));
  let gone: number | string | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone !== undefined) throw new Error(`server exited with ${gone}:\n${lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`server not ready within 60 s:\n${lines.join('\n')}`);
    // Its own "listening" line first: another process on the port must not pass for this one.
    // (Printed at level info; a quieter child is taken at its port's word.)
    const quiet = !['info', 'debug'].includes(options.env?.['SIGNBRIDGE_LOG_LEVEL'] ?? 'info');
    const listening = quiet || lines.some((l) => l.includes('"msg":"listening"'));
    const ready = listening && await fetch(`${url}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, lines, exited, signal: (signal) => child.kill(signal) };
}

export interface Proxy {
  url: string;
  close(): Promise<void>;
}

/**
 * A round-robin HTTP proxy over `ports`; a backend that is down answers 502 (the client retries). Like
 * nginx's default (`proxy_set_header Host $proxy_host`), it sends the backend's own address as `Host`,
 * which the instance's Host check answers (its loopback listen names).
 */
export async function startProxy(ports: readonly number[]): Promise<Proxy> {
  let next = 0;
  const server = createServer((req, res) => {
    const port = ports[next++ % ports.length];
    const headers = { ...req.headers, host: `127.0.0.1:${String(port)}` };
    const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers }, (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.once('error', () => res.destroy());
    });
    upstream.once('error', () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502, { 'Content-Type': 'text/plain', Connection: 'close' }).end('backend unreachable\n');
    });
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeServer(server) };
}

export const simToken = async (simOrigin: string): Promise<string> => (await docusignLogin({ origin: simOrigin, fetch, user: SIM_USERS.alice })).accessToken;

export interface SendRecord {
  key: string;
  /** From the first attempt to the 201, on the client's clock. */
  ms: number;
  attempts: number;
  statuses: (number | 'network')[];
  envelopeId: string;
}

/**
 * One send, retried with the same Idempotency-Key until the server answers 201: after a 409/429/503 as
 * its Retry-After says (at most 2 s), after a network failure or another 5xx in 250 ms. Gives up (throws)
 * after `deadlineMs`.
 */
export async function sendUntilAnswered(baseUrl: string, token: string, key: string, subject: string, deadlineMs = 120_000): Promise<SendRecord> {
  const started = performance.now();
  const statuses: SendRecord['statuses'] = [];
  const document = pdf(1, subject);
  for (;;) {
    if (performance.now() - started > deadlineMs) throw new Error(`send ${key} unanswered after ${deadlineMs} ms: ${statuses.join(',')}`);
    let waitMs = 250;
    try {
      const res = await fetch(`${baseUrl}/v1/envelopes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': key, 'X-Request-Id': crypto.randomUUID() },
        body: envelopeForm(envelopeRequest({ subject }), [{ bytes: document, name: 'Offer.pdf' }]),
      });
      const body = (await res.json().catch(() => undefined)) as { envelopeId?: string } | undefined;
      statuses.push(res.status);
      if (res.status === 201 && body?.envelopeId !== undefined) {
        return { key, ms: performance.now() - started, attempts: statuses.length, statuses, envelopeId: body.envelopeId };
      }
      if (res.status < 500 && ![409, 429].includes(res.status)) throw new Error(`send ${key} refused: ${res.status} ${JSON.stringify(body)}`);
      const after = Number(res.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0) waitMs = Math.min(2000, after * 1000);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(`send ${key} refused`)) throw error;
      statuses.push('network');
    }
    await new Promise((r) => setTimeout(r, waitMs));
  }
}

/** Runs `count` sends through `baseUrl`, `concurrency` at a time; `onProgress` sees each answered count. */
export async function sendMany(options: {
  baseUrl: string;
  token: string;
  count: number;
  concurrency: number;
  prefix: string;
  onProgress?: (answered: number) => void;
}): Promise<SendRecord[]> {
  const records: SendRecord[] = [];
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < options.count) {
      const i = nextIndex++;
      const key = `${options.prefix}-${String(i).padStart(5, '0')}`;
      records.push(await sendUntilAnswered(options.baseUrl, options.token, key, `Send ${key}`));
      options.onProgress?.(records.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return records;
}

/** A seeded xorshift: the same fault pattern on every run with the same seed. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}
