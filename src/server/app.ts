/**
 * The companion server as a factory: everything it depends on is passed in, nothing here reads the
 * environment or listens. `main.ts` wires the real dependencies; tests call `app.request()` in-process.
 *
 * This is the one place that composes the server: the DocuSign client, who the caller is (`caller.ts`),
 * whose credentials a DocuSign call uses (`credentials.ts`), the store, and the route sub-apps
 * (`routes/*`, one per resource). Nothing imports this file but the entry points and tests.
 */
import { Hono } from 'hono';
import { LIMITS, REQUEST_ID_HEADER, type ConfigResponse } from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { authenticate } from './authenticate.ts';
import type { ConnectConfig } from './connect-config.ts';
import { eventNotificationFor } from './connect-config.ts';
import { connectRoutes } from './connect-route.ts';
import { createDocuSignActions } from './docusign-actions.ts';
import { createSenderCredentials } from './credentials.ts';
import { createDocuSignClient, type Fetch, type RetryPolicy } from './docusign.ts';
import { errorBody, type AppEnv } from './env.ts';
import { hostCheck, hostsOf } from './host-check.ts';
import { ApiError } from './http-error.ts';
import { createIdentity } from './identity.ts';
import { createOrg } from './org.ts';
import type { OrgConfig } from './org-config.ts';
import type { Logger } from './log.ts';
import { envelopeRoutes } from './routes/envelopes.ts';
import { templateRoutes } from './routes/templates.ts';
import { createTemplates } from './templates.ts';
import { adminRoutes, type AdminPageDeps } from './admin/routes.ts';
import { adminPageDeps } from './admin/wiring.ts';
import { adminConsentRoutes } from './routes/admin-consent.ts';
import { checkRoutes } from './routes/check.ts';
import { eventRoutes } from './routes/events.ts';
import { statusRoutes } from './routes/status.ts';
import { pageRoutes } from './routes/pages.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { viewRoutes } from './routes/views.ts';
import { openStore } from './db/open.ts';
import { createLiveness, DEFAULT_HEARTBEAT, type Liveness } from './liveness.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createLifecycle, readiness, type Lifecycle } from './operations.ts';
import { rateLimit } from './rate-limit.ts';
import { REQUEST_ID_PATTERN, withRequest } from './request-context.ts';
import { BodyAborted } from './body-source.ts';
import { createStatusBus } from './status-bus.ts';
import { createStatusRelay } from './status-relay.ts';
import { createIngest } from './status-ingest.ts';
import type { Store } from './store.ts';
import type { Limits } from './upload.ts';

export interface DocuSignConfig {
  /** Origin of the DocuSign account server: `https://account-d.docusign.com`, `https://account.docusign.com` or the simulator. */
  accountServer: string;
  /** The public (PKCE) integration key the extension links logins with. */
  clientId: string;
  scopes: readonly string[];
  /** Registered redirect URI of that key: this server's `/oauth/callback`. */
  redirectUri: string;
  /**
   * DocuSign's other environments, asked only to explain a refused token ("linked against the wrong
   * environment"). Default: production for the developer account server and back; none otherwise.
   */
  otherAccountServers?: readonly string[];
}

const DEVELOPER = 'https://account-d.docusign.com';
const PRODUCTION = 'https://account.docusign.com';

export function environmentName(accountServer: string): string {
  if (accountServer === DEVELOPER) return 'DocuSign’s developer environment (account-d.docusign.com)';
  if (accountServer === PRODUCTION) return 'DocuSign production (account.docusign.com)';
  return `the DocuSign at ${new URL(accountServer).host}`;
}

export interface ServerConfig {
  /** The URL the extension and browsers reach this server at (used for pages it links to). */
  publicUrl: string;
  /**
   * `Host` values answered beside the public URL's own (DNS rebinding: any other is refused with 421):
   * a proxy's upstream name, and the listen address's loopback names (serve.ts adds those).
   */
  allowedHosts?: readonly string[];
  version: string;
  docusign: DocuSignConfig;
  limits?: Partial<Limits>;
  /** Per DocuSign call attempt. */
  docusignTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Longest time a userinfo answer is trusted for a token. */
  userinfoTtlMs?: number;
  /** This instance's heartbeat while it sends: a claim outlives a dead owner by at most `ttlMs`. */
  heartbeat?: { ttlMs: number; intervalMs: number };
  /** Requests per minute per caller (tenant and principal) on this instance; default 120. */
  rateLimitPerMinute?: number;
  /** Serve `/metrics` on this app (false when a separate metrics listener serves them). Default true. */
  metricsOnApp?: boolean;
  /** Organization sending (tenants, JWT key); absent: only linked DocuSign logins. */
  org?: OrgConfig | undefined;
  /** DocuSign Connect: the accounts whose messages the server can verify, and the events it asks for. */
  connect?: ConnectConfig;
}

export interface AppDeps {
  config: ServerConfig;
  log: Logger;
  /** How the server reaches DocuSign: global fetch in production, the simulator's in-process fetch in tests. */
  fetch?: Fetch;
  /** Durable state; an in-memory database when left out. */
  store?: Store;
  now?: () => number;
  /** Waits between retries; tests pass one that returns at once (or advances the simulator's clock). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The admin page (`/admin`) and its operations; without it `/admin` is not served. */
  admin?: AdminPageDeps;
  /** This instance's heartbeat (its id is the owner of its claims); made here when left out. */
  liveness?: { instanceId: string; liveness: Liveness };
  metrics?: Metrics;
  /** Requests in flight and draining, shared with the listener that shuts down. */
  lifecycle?: Lifecycle;
}

/** A claimed key is another instance's for at most this long even while it lives (a stuck send). */
export const LEASE_MS = 10 * 60_000;

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, maxMs: 8_000, maxWaitMs: 60_000 };

export type { AppEnv } from './env.ts';

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const metrics = deps.metrics ?? createMetrics();
  const lifecycle = deps.lifecycle ?? createLifecycle();
  const fetchFn: Fetch = deps.fetch ?? ((input, init) => fetch(input, init));
  const docusignTimeoutMs = config.docusignTimeoutMs ?? 60_000;
  const client = createDocuSignClient({
    accountServer: config.docusign.accountServer,
    fetch: fetchFn,
    now,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
    log: deps.log.child({ component: 'docusign' }),
    // Covers uploading up to 25 MB to DocuSign and its answer.
    timeoutMs: docusignTimeoutMs,
    retry: { ...DEFAULT_RETRY, ...config.retry },
    observe: {
      call: (operation, status, seconds) => {
        metrics.docusignCalls.inc({ operation, status: String(status) });
        metrics.docusignSeconds.observe({ operation }, seconds);
        if (operation === 'userinfo' || operation === 'token') metrics.tokenRequests.inc({ operation });
      },
      retry: (operation) => metrics.retries.inc({ operation }),
    },
  });
  const { accountServer } = config.docusign;
  const identity = createIdentity({
    client,
    now,
    ttlMs: config.userinfoTtlMs ?? 5 * 60_000,
    maxEntries: 1000,
    accountServer,
    otherAccountServers:
      config.docusign.otherAccountServers ?? (accountServer === DEVELOPER ? [PRODUCTION] : accountServer === PRODUCTION ? [DEVELOPER] : []),
    environmentName,
  });
  const store = deps.store ?? openStore(':memory:');
  const instanceId = deps.liveness?.instanceId ?? crypto.randomUUID();
  const liveness =
    deps.liveness?.liveness ??
    createLiveness({ store, instanceId, now, ...(config.heartbeat ?? DEFAULT_HEARTBEAT), log: deps.log.child({ component: 'liveness' }) });
  const org = config.org === undefined ? undefined : createOrg(config.org, { client, store, fetch: fetchFn, now, log: deps.log, publicUrl: config.publicUrl, timeoutMs: config.docusignTimeoutMs ?? 60_000 });
  const credentials = createSenderCredentials({ identity, org: org?.accounts });
  const auth = authenticate({ identity, members: org?.sessions.members });
  const limits: Limits = {
    maxDocumentBytes: LIMITS.maxDocumentBytes,
    maxDocuments: LIMITS.maxDocuments,
    maxRequestBytes: LIMITS.maxRequestBytes,
    ...config.limits,
  };

  app.use(async (c, next) => {
    // The extension's own request id when it sends a plain one, so one id follows a send end to end.
    const given = c.req.header(REQUEST_ID_HEADER);
    const requestId = given !== undefined && REQUEST_ID_PATTERN.test(given) ? given : crypto.randomUUID();
    const log = deps.log.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.header(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    metrics.inflight.inc();
    try {
      await withRequest(requestId, () => next());
    } finally {
      metrics.inflight.dec();
    }
    metrics.http.inc({ status: String(c.res.status) });
    // The path only, never the query: the OAuth callback's query carries a one-time code.
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(lifecycle.track);

  // Probes and metrics come from the infrastructure by instance address (the README says to scrape
  // instances directly) and carry no secret: answered before the Host check, under any Host.
  app.get('/healthz', (c) => c.json({ ok: true, version: config.version }));
  app.get('/readyz', readiness({ store, lifecycle, accountServer, fetch: fetchFn, now }));
  if (config.metricsOnApp !== false) {
    app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));
  }

  const hosts = [...hostsOf(config.publicUrl), ...(config.allowedHosts ?? [])];
  app.use(hostCheck(() => hosts, { hint: 'Its administrator can add it to SIGNBRIDGE_ALLOWED_HOSTS (README, "Configuration").' }));

  app.get('/v1/config', (c) => {
    const body: ConfigResponse = {
      accountServer: config.docusign.accountServer,
      clientId: config.docusign.clientId,
      scopes: [...config.docusign.scopes],
      redirectUri: config.docusign.redirectUri,
      identityProviders: org?.providers ?? [],
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  const relay = createStatusRelay({ bus: createStatusBus(), store, instanceId, log: deps.log.child({ component: 'status' }) });
  const ingest = createIngest(store.status, relay.publish, now);
  const actions = createDocuSignActions({
    fetch: fetchFn,
    now,
    timeoutMs: config.docusignTimeoutMs ?? 60_000,
    log: deps.log.child({ component: 'docusign' }),
  });

  app.route('/', pageRoutes());
  app.route('/', adminConsentRoutes());
  const admin = deps.admin ?? (config.org === undefined ? undefined : adminPageDeps(config.org, { store, fetch: fetchFn, now, publicUrl: config.publicUrl }));
  if (admin !== undefined) app.route('/', adminRoutes(admin));
  // DocuSign's own calls: authenticated by their HMAC signature, not by a caller.
  const countedIngest: typeof ingest = {
    async submit(update) {
      const result = await ingest.submit(update);
      metrics.connectEvents.inc({ result: result.kind === 'unknown' ? 'unknown' : result.changed ? 'applied' : 'unchanged' });
      return result;
    },
  };
  app.route('/', connectRoutes({ keys: config.connect?.keys ?? new Map(), ingest: countedIngest }));
  // Everything under /v1/envelopes needs a caller: a linked DocuSign login or an organization member.
  // `/v1/envelopes/*` matches `/v1/envelopes` itself too: each middleware once per request.
  app.use('/v1/envelopes/*', auth);
  // One per-caller budget for sending and for reading templates.
  const callerLimit = rateLimit({ perMinute: config.rateLimitPerMinute ?? 120, now, onLimited: () => metrics.rateLimited.inc() });
  app.use('/v1/envelopes/*', callerLimit);
  app.use('/v1/envelope-events', auth);
  app.use('/v1/templates/*', auth);
  app.use('/v1/templates/*', callerLimit);
  app.route('/v1/sessions', sessionRoutes(org?.sessions));
  app.route('/v1/check', checkRoutes({ client, fetch: fetchFn, now, timeoutMs: config.docusignTimeoutMs ?? 60_000 }));
  const templates = createTemplates({ fetch: fetchFn, now, timeoutMs: config.docusignTimeoutMs ?? 60_000, log: deps.log.child({ component: 'docusign' }) });
  app.route('/v1/templates', templateRoutes({ credentials, templates }));
  const notificationFor = (accountId: string) => eventNotificationFor(config.connect, config.publicUrl, accountId);
  app.route(
    '/v1/envelopes',
    envelopeRoutes({ client, credentials, store, now, limits, instanceId, unansweredGraceMs: docusignTimeoutMs, leaseMs: LEASE_MS, liveness, metrics, notificationFor, publish: relay.publish, templates }),
  );
  app.route('/v1/envelopes', viewRoutes({ client, credentials, store, status: store.status, publicUrl: config.publicUrl }));
  app.route('/v1/envelopes', statusRoutes({ status: store.status, ingest, credentials, actions, now }));
  app.route('/v1/envelope-events', eventRoutes({ bus: relay.bus }));

  app.notFound((c) => c.json(errorBody(ErrorCodes.NOT_FOUND, 'No such endpoint.'), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      c.get('log').info('refused', { errorCode: error.code, status: error.status });
      const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
      // When to try again, as seconds (RFC 9110 Retry-After), for a client that reads no body.
      if (error.retryAt !== undefined && (error.status === 409 || error.status === 429 || error.status === 503)) {
        headers['Retry-After'] = String(Math.max(1, Math.ceil((Date.parse(error.retryAt) - now()) / 1000)));
      }
      return c.json(errorBody(error.code, error.message, error.retryAt), error.status as 400, headers);
    }
    if (error instanceof BodyAborted || c.req.raw.signal.aborted) {
      // The client hung up (an abandoned upload): nothing to answer and not our failure.
      metrics.clientAborts.inc();
      c.get('log').info('client closed the request', { error: error instanceof Error ? error.name : 'unknown' });
      return c.body(null, 499 as 400);
    }
    c.get('log').error('unhandled', { error });
    return c.json(errorBody(ErrorCodes.INTERNAL, 'The SignBridge server hit an unexpected error.'), 500);
  });

  return app;
}
