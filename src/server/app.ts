/**
 * The companion server as a factory: everything it depends on is passed in, nothing here reads the
 * environment or listens. `main.ts` wires the real dependencies; tests call `app.request()` in-process.
 */
import { Hono } from 'hono';
import { LIMITS, SIGNING_EVENTS, type ApiErrorBody, type ConfigResponse, type SigningEvent } from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { createDocuSignClient, type Fetch, type RetryPolicy } from './docusign.ts';
import { envelopeHandlers, type Limits } from './envelopes.ts';
import { ApiError } from './http-error.ts';
import { createIdentity } from './identity.ts';
import type { Logger } from './log.ts';
import { page } from './pages.ts';
import { openStore, type Store } from './store.ts';

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
  version: string;
  docusign: DocuSignConfig;
  limits?: Partial<Limits>;
  /** Per DocuSign call attempt. */
  docusignTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Longest time a userinfo answer is trusted for a token. */
  userinfoTtlMs?: number;
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
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, maxMs: 8_000, maxWaitMs: 60_000 };

export type AppEnv = { Variables: { requestId: string; log: Logger } };

export const errorBody = (code: ApiErrorBody['error']['code'], message: string, retryAt?: string): ApiErrorBody => ({
  error: retryAt === undefined ? { code, message } : { code, message, retryAt },
});

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { config } = deps;
  const now = deps.now ?? Date.now;
  const client = createDocuSignClient({
    accountServer: config.docusign.accountServer,
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
    now,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
    log: deps.log.child({ component: 'docusign' }),
    // Covers uploading up to 25 MB to DocuSign and its answer.
    timeoutMs: config.docusignTimeoutMs ?? 60_000,
    retry: { ...DEFAULT_RETRY, ...config.retry },
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
  const envelopes = envelopeHandlers({
    client,
    identity,
    store: deps.store ?? openStore(':memory:'),
    now,
    limits: {
      maxDocumentBytes: LIMITS.maxDocumentBytes,
      maxDocuments: LIMITS.maxDocuments,
      maxRequestBytes: LIMITS.maxRequestBytes,
      ...config.limits,
    },
    publicUrl: config.publicUrl,
    instanceId: crypto.randomUUID(),
    leaseMs: 10 * 60_000,
  });

  app.use(async (c, next) => {
    const requestId = crypto.randomUUID();
    const log = deps.log.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    // The path only, never the query: the OAuth callback's query carries a one-time code.
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  app.get('/healthz', (c) => c.json({ ok: true, version: config.version }));

  app.get('/v1/config', (c) => {
    const body: ConfigResponse = {
      accountServer: config.docusign.accountServer,
      clientId: config.docusign.clientId,
      scopes: [...config.docusign.scopes],
      redirectUri: config.docusign.redirectUri,
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  // The redirect target of the login-linking flow. The extension's service worker watches this tab and
  // reads the code from its URL; the page itself only reassures the user and never shows the code.
  app.get('/oauth/callback', (c) => {
    const error = c.req.query('error') ?? c.req.query('error_code');
    if (error !== undefined) {
      const description = c.req.query('error_description') ?? c.req.query('error_message') ?? error;
      c.get('log').warn('oauth callback error', { error: error.slice(0, 100) });
      return page(c, 400, 'DocuSign did not link your login', [
        `DocuSign answered: ${description.slice(0, 300)}`,
        'You can close this tab and try again from the SignBridge button.',
      ], { outcome: 'error' });
    }
    if (c.req.query('code') === undefined) {
      return page(c, 400, 'Nothing to link', ['This page is only reached from DocuSign’s login. You can close this tab.'], {
        outcome: 'missing-code',
      });
    }
    return page(c, 200, 'DocuSign login linked', ['SignBridge is finishing the link. You can close this tab.'], {
      outcome: 'linked',
    });
  });

  app.post('/v1/envelopes', (c) => envelopes.createEnvelope(c));
  app.post('/v1/envelopes/:envelopeId/signing-sessions', (c) => envelopes.createSigningSession(c));
  app.post('/v1/envelopes/:envelopeId/console-views', (c) => envelopes.createConsoleView(c));
  // Where DocuSign's web app sends the browser when the user leaves the console view.
  app.get('/docusign/closed', (c) => page(c, 200, 'Back from DocuSign', ['You can close this tab.']));

  // Where DocuSign sends the signer's browser after embedded signing, with `?event=`. The extension
  // watches this tab and reads the event; the page tells the signer what happened in plain words.
  app.get('/signing/return', (c) => {
    const event = c.req.query('event') ?? '';
    const known = (SIGNING_EVENTS as readonly string[]).includes(event) ? (event as SigningEvent) : undefined;
    const [title, line] = known === undefined ? ['Signing ended', 'DocuSign did not say how signing ended.'] : SIGNING_OUTCOMES[known];
    return page(c, 200, title, [line, 'You can close this tab.'], { event: known ?? 'unknown' });
  });

  app.notFound((c) => c.json(errorBody(ErrorCodes.NOT_FOUND, 'No such endpoint.'), 404));
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      c.get('log').info('refused', { errorCode: error.code, status: error.status });
      const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
      return c.json(errorBody(error.code, error.message, error.retryAt), error.status as 400, headers);
    }
    c.get('log').error('unhandled', { error });
    return c.json(errorBody(ErrorCodes.INTERNAL, 'The SignBridge server hit an unexpected error.'), 500);
  });

  return app;
}

const SIGNING_OUTCOMES: Record<SigningEvent, [string, string]> = {
  signing_complete: ['Signed', 'Thank you: the document is signed. DocuSign will e-mail everyone a copy once all have signed.'],
  cancel: ['Signing paused', 'You left without signing. You can sign later from the same place.'],
  decline: ['Declined', 'You declined to sign. The sender has been told.'],
  exception: ['Signing failed', 'DocuSign hit a problem during signing. Ask the sender to start signing again.'],
  fax_pending: ['Waiting for a fax', 'DocuSign is waiting for your faxed signature.'],
  id_check_failed: ['Identity check failed', 'DocuSign could not confirm your identity. Ask the sender for help.'],
  access_code_failed: ['Wrong access code', 'The access code was not accepted. Ask the sender for the right one.'],
  session_timeout: ['Session timed out', 'The signing session timed out. Start signing again.'],
  ttl_expired: ['Link expired', 'The signing link expired (they last 5 minutes). Start signing again for a fresh one.'],
  viewing_complete: ['Viewed', 'You have finished viewing the document.'],
};
