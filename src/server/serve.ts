/**
 * Runs the companion server on a socket, with the DocuSign simulator beside it in the same process when
 * no DocuSign account server is configured. Used by `main.ts` (`npm run server`) and by
 * `src/tools/start.ts` (`npm start`); tests start it on port 0.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadDefaultSeed, startSimServer, type SimServer } from '../sim/index.ts';
import { DEFAULT_CONNECT_EVENTS } from './connect-config.ts';
import type { ConnectKeys } from './connect-keys.ts';
import { createApp, type AppDeps, type ServerConfig } from './app.ts';
import type { Logger } from './log.ts';
import type { OrgConfig } from './org-config.ts';
import { openStore } from './db/open.ts';
import { createLiveness, DEFAULT_HEARTBEAT } from './liveness.ts';
import { createMetrics } from './metrics.ts';
import { startMetricsListener, type MetricsListener } from './metrics-listener.ts';
import { createLifecycle } from './operations.ts';
import { shutdown, type ShutdownResult } from './shutdown.ts';
import { hostsOf, isLoopbackAddress } from './host-check.ts';

export interface StartServerOptions {
  /** `config.docusign.accountServer` empty: start the simulator and use it. */
  config: ServerConfig;
  host: string;
  /** 0: any free port. */
  port: number;
  /** Overrides `config.publicUrl`; left out with port 0, it becomes the URL actually listened on. */
  publicUrl?: string;
  databasePath: string;
  log: Logger;
  /** Where the in-process simulator listens when one is started (0: any free port). */
  simulatorPort?: number;
  /** For tests: how the server reaches DocuSign (default: global fetch, over the network). */
  fetch?: AppDeps['fetch'];
  /**
   * Sets organization sending up once the server's public URL and the simulator are known (the demo
   * organizations of `npm start`); overrides `config.org`.
   */
  prepareOrg?: (ctx: { simulator: SimServer | undefined; publicUrl: string }) => Promise<OrgConfig | undefined>;
  /** Connect events when the simulator's accounts' keys are used (no keys file given). */
  connectEvents?: readonly string[];
  /** `/metrics` on a listener of its own (not on the public one); 0: any free port. */
  metrics?: { host: string; port: number };
}

export interface RunningServer {
  /** Where the server listens, e.g. `http://127.0.0.1:8787`. */
  url: string;
  config: ServerConfig;
  /** The simulator started beside the server, if any. */
  simulator: SimServer | undefined;
  /** Where `/metrics` is served when it has a listener of its own. */
  metricsUrl: string | undefined;
  /** Stops at once: in-flight requests are cut off (tests, and the second signal). */
  close(): Promise<void>;
  /** Graceful: drain, let sends finish for up to `graceMs`, release the rest, then close (shutdown.ts). */
  shutdown(graceMs: number): Promise<ShutdownResult>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { log } = options;
  let simulator: SimServer | undefined;
  let docusign = options.config.docusign;
  if (docusign.accountServer === '') {
    simulator = await startSimServer({ port: options.simulatorPort ?? 0, host: '127.0.0.1' });
    docusign = { ...docusign, accountServer: simulator.origin };
    log.info('docusign simulator started', { accountServer: simulator.origin });
  }

  const store = openStore(options.databasePath);
  // Migrated (under the migration lock) before anything listens: a failure stops the start.
  let migrated: readonly number[];
  try {
    migrated = await store.ready();
  } catch (error) {
    await store.close();
    await simulator?.close();
    throw error;
  }
  log.info('store ready', { dialect: store.dialect, migrated });
  // The app needs the port for its public URL, so it is built after listening; until then: 503.
  // The Node request and response ride along as Hono's `c.env` (`incoming`, `outgoing`): the upload is
  // read from the Node request itself (upload.ts).
  const current: { handler?: (request: Request, env: unknown) => Response | Promise<Response> } = {};
  // serve() without createServer options is a node:http server.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      { fetch: (request, env) => (current.handler ? current.handler(request, env) : new Response('starting', { status: 503 })), hostname: options.host, port: options.port },
      () => resolve(s as Server),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const publicUrl = options.publicUrl ?? (options.port === 0 ? url : options.config.publicUrl);
  const redirectUri = options.port === 0 && options.publicUrl === undefined ? `${publicUrl}/oauth/callback` : docusign.redirectUri;
  let org = options.prepareOrg ? await options.prepareOrg({ simulator, publicUrl }) : options.config.org;
  if (org !== undefined && simulator !== undefined) {
    // Environments mapped to "the simulator" before it listened.
    const servers = Object.fromEntries(Object.entries(org.accountServers).map(([env, server]) => [env, server === '' ? simulator.origin : server]));
    org = { ...org, accountServers: servers as OrgConfig['accountServers'] };
  }
  // Against the simulator without a keys file: its seeded accounts' Connect keys (demo values).
  const simKeys = simulator === undefined || options.config.connect !== undefined ? undefined : simulatorConnectKeys();
  const connect = simKeys === undefined ? options.config.connect : { keys: simKeys, events: options.connectEvents ?? DEFAULT_CONNECT_EVENTS };
  // Bound to loopback, the server is also reached by its listen address (a proxy on the same machine).
  const allowedHosts = [...(options.config.allowedHosts ?? []), ...(isLoopbackAddress(options.host) ? hostsOf(url) : [])];
  const config: ServerConfig = { ...options.config, publicUrl, allowedHosts, docusign: { ...docusign, redirectUri }, org, ...(connect !== undefined ? { connect } : {}) };
  // The simulator knows the default redirect URIs; a server elsewhere registers its own.
  simulator?.sim.control.registerRedirectUri(config.docusign.clientId, config.docusign.redirectUri);

  const metrics = createMetrics({ defaultMetrics: true });
  const lifecycle = createLifecycle();
  const instanceId = crypto.randomUUID();
  const liveness = createLiveness({ store, instanceId, now: Date.now, ...(config.heartbeat ?? DEFAULT_HEARTBEAT), log: log.child({ component: 'liveness' }) });
  // Waits between DocuSign retries end early on shutdown, so a send notices the stop at once.
  const sleeping = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleeping.add(wake);
    });
  let metricsListener: MetricsListener | undefined;
  if (options.metrics !== undefined) metricsListener = await startMetricsListener(metrics.registry, options.metrics);
  const app = createApp({
    config: { ...config, metricsOnApp: metricsListener === undefined },
    log,
    store,
    metrics,
    lifecycle,
    liveness: { instanceId, liveness },
    sleep,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  current.handler = (request, env) => app.fetch(request, env);
  log.info('listening', { address: url, publicUrl, metrics: metricsListener?.url, instanceId, accountServer: config.docusign.accountServer, tenants: org?.tenants.map((t) => t.id) ?? [] });

  const release = async () => {
    await metricsListener?.close();
    await store.close();
    await simulator?.close();
  };
  return {
    url,
    config,
    simulator,
    metricsUrl: metricsListener?.url,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await release();
    },
    shutdown: async (graceMs) => {
      const wake = () => {
        for (const w of [...sleeping]) w();
      };
      const result = await shutdown({ server, lifecycle, liveness, log, wake, docusignTimeoutMs: config.docusignTimeoutMs ?? 60_000 }, graceMs);
      await release();
      return result;
    },
  };
}

function simulatorConnectKeys(): ConnectKeys {
  return new Map(loadDefaultSeed().accounts.flatMap((a) => (a.connectHmacKeys?.length ? [[a.accountId.toLowerCase(), a.connectHmacKeys] as const] : [])));
}
