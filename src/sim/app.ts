/**
 * `createSim`: the simulator as a factory (Hono app + control handle + in-process fetch), like the
 * companion server. One app serves the account server (`/oauth/*`), every API site
 * (`/{site}/restapi/v2.1/...`), the signing pages and the `/_sim` control routes.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { accountInfoRoutes } from './account-info.ts';
import { causeRoutes, createCauseControl, otherEnvironmentGate, type CauseControl } from './causes.ts';
import { dateHeader } from './clock-header.ts';
import { createConnect } from './connect.ts';
import { hostCheck, hostsOf } from '../server/host-check.ts';
import { controlRoutes, createControl, type SimControl } from './control.ts';
import type { SimEnv } from './env.ts';
import { envelopeRoutes } from './envelopes.ts';
import { esignError, esignErrorResponse, oauthError } from './errors.ts';
import { esignAuth } from './esign-auth.ts';
import { faultMiddleware } from './faults.ts';
import { homeRoutes } from './home.ts';
import { createSimFetch } from './fetch.ts';
import { createLimiter } from './limits.ts';
import { monitorRoutes } from './monitor.ts';
import { oauthPages } from './oauth.ts';
import { orgAdminRoutes } from './org-admin.ts';
import { createOrgData } from './org-data.ts';
import { createRecipientControl, recipientControlRoutes, type RecipientControl } from './recipient-control.ts';
import { resendRoutes } from './resend.ts';
import { checkSeed, loadDefaultSeed } from './seed.ts';
import { signingRoutes } from './signing.ts';
import { createStore } from './store.ts';
import { templateRoutes } from './templates.ts';
import { tokenEndpoint } from './token.ts';
import type { SimSeed } from './types.ts';
import { userinfoRoutes } from './userinfo.ts';
import { viewRoutes } from './views.ts';

export interface SimOptions {
  origin: string | (() => string);
  seed?: SimSeed;
  /** ms epoch: freezes the test clock there (only `control.advance` moves it). Without it the clock follows real time. */
  startTime?: number;
  /** How Connect deliveries are POSTed (default: the global fetch). */
  connectFetch?: typeof fetch;
}

export interface Sim {
  app: Hono<SimEnv>;
  control: SimControl & RecipientControl;
  /** Puts the integration into the failure states a connection check names (causes.ts). */
  causes: CauseControl;
  /** Routes absolute URLs under `origin` to the app in-process; 'drop' and 'succeed-then-drop' reject with TypeError('fetch failed'), 'hang' settles only when the signal aborts. */
  fetch: typeof fetch;
}

// UNCONFIRMED code: DocuSign's answer to an oversized body outside envelope creation.
const tooLarge = (c: Context): Response =>
  esignErrorResponse(c as Context<SimEnv>, esignError(413, 'INVALID_REQUEST_BODY', 'The request body is too large.'));

export function createSim(options: SimOptions): Sim {
  const given = options.origin;
  const origin = (): string => (typeof given === 'string' ? given : given()).replace(/\/+$/, '');
  const store = createStore(options.seed ? checkSeed(options.seed) : loadDefaultSeed(), options.startTime);
  const connect = createConnect(store, options.connectFetch ?? ((input, init) => globalThis.fetch(input, init)));
  const limiter = createLimiter(store);
  const deps = { store, limiter, announce: connect.announce, origin };
  const control = { ...createControl(store, connect), ...createRecipientControl(store, connect.announce) };
  const orgData = createOrgData(store);
  const causeState = { elsewhere: new Set<string>() };
  const causes = createCauseControl(store, limiter, orgData, causeState);
  // JWT `aud` is the bare host of the account server (e.g. `127.0.0.1:8788`), as `account-d.docusign.com` is.
  const audience = () => new URL(origin()).host;

  const app = new Hono<SimEnv>();
  // DNS rebinding: a web page on a name the attacker points at 127.0.0.1 talks to this port "same-origin".
  // The browser still sends its own host name, so any Host but the simulator's own is refused.
  app.use(hostCheck(() => hostsOf(origin())));
  app.use(async (c, next) => {
    const at = store.now();
    const path = c.req.path;
    c.set('kind', path.startsWith('/oauth/') ? 'oauth' : path.startsWith('/_sim') ? 'sim' : 'esign');
    // Monitor and Admin API calls set their own kind: they are no eSignature calls (go-live audit).
    await next();
    // UNCONFIRMED: DocuSign keeping a trace token the client sent; the simulator echoes one if given.
    const given = c.req.header('x-docusign-tracetoken');
    const trace = given !== undefined && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : crypto.randomUUID();
    try {
      c.res.headers.set('X-DocuSign-TraceToken', trace);
    } catch {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set('X-DocuSign-TraceToken', trace);
    }
    const fault = c.get('fault');
    const network = fault === 'drop' || fault === 'hang';
    store.calls.push({
      at,
      method: c.req.method,
      path,
      status: network ? 0 : c.res.status,
      kind: c.get('kind'),
      ...(c.get('clientId') !== undefined ? { clientId: c.get('clientId') } : {}),
      ...(c.get('sub') !== undefined ? { sub: c.get('sub') } : {}),
      ...(c.get('accountId') !== undefined ? { accountId: c.get('accountId') } : {}),
      ...(c.get('errorCode') !== undefined ? { errorCode: c.get('errorCode') } : {}),
      ...(fault !== undefined ? { fault } : {}),
      ...(c.get('pollingViolation') ? { pollingViolation: true } : {}),
      traceToken: trace,
    });
  });
  app.use(dateHeader(store));
  app.use(faultMiddleware(store));
  // Bounded request sizes everywhere: small forms for the account server and pages, envelopes up to
  // DocuSign's 25 MB per document (checked again per document in definition.ts).
  app.use('/oauth/*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => oauthError(c as Context<SimEnv>, 'invalid_request', 'request_too_large', 413) }));
  app.use('/_sim/*', bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ error: 'bad_request', message: 'request too large' }, 413) }));
  app.use('/:site/Signing/*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Request too large', 413) }));
  app.use('/:site/restapi/v2.1/accounts/:accountId/envelopes/:envelopeId/*', bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge }));
  app.route('/', homeRoutes(store, origin));
  app.route('/', controlRoutes(store, control));
  app.route('/', causeRoutes(causes));
  app.use('/oauth/*', otherEnvironmentGate(causeState));
  app.route('/', recipientControlRoutes(control));
  app.route('/', oauthPages(store));
  app.route('/', tokenEndpoint(store, audience));
  app.route('/', userinfoRoutes(store, origin));
  app.route('/', signingRoutes(deps));
  app.route('/', monitorRoutes(store, orgData));
  app.route('/', orgAdminRoutes(store, orgData, origin));
  const esign = new Hono<SimEnv>();
  esign.use(esignAuth(store, limiter));
  esign.route('/', envelopeRoutes(deps));
  esign.route('/', resendRoutes(deps));
  esign.route('/', templateRoutes(deps));
  esign.route('/', viewRoutes(deps));
  esign.route('/', accountInfoRoutes(deps));
  app.route('/:site/restapi/v2.1/accounts/:accountId', esign);

  app.notFound((c) => {
    c.set('errorCode', 'RESOURCE_NOT_FOUND');
    // UNCONFIRMED: DocuSign's body for an unknown REST path.
    return c.json({ errorCode: 'RESOURCE_NOT_FOUND', message: 'The URL provided does not resolve to a resource.' }, 404);
  });
  app.onError((error, c) => {
    // A bug in the simulator, never bad input: say so loudly in the test output.
    // Name and stack only: the message of a parse error can quote request bytes (tokens, documents).
    console.error('[sim] unhandled error', error instanceof Error ? `${error.name}\n${error.stack?.split('\n').slice(1).join('\n') ?? ''}` : typeof error);
    c.set('errorCode', 'INTERNAL_SERVER_ERROR');
    return c.json({ errorCode: 'INTERNAL_SERVER_ERROR', message: 'The simulator hit an unexpected error.' }, 500);
  });

  return { app, control, causes, fetch: createSimFetch(app, origin) };
}
