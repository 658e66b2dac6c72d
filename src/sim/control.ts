/**
 * The test control handle, and the same powers over HTTP under `/_sim` (a route only the simulator has,
 * for the demo and for tests that drive a listening simulator from another process).
 */
import { createPublicKey } from 'node:crypto';
import { Hono } from 'hono';
import { goLiveAudit } from './audit.ts';
import type { Connect } from './connect.ts';
import type { SimEnv } from './env.ts';
import { addFault } from './faults.ts';
import { consentKey, grantConsentTo, type Store } from './store.ts';
import type { FaultMode, FaultSpec, GoLiveAudit, SeedConnectConfiguration, SimCall, SimDelivery, SimEnvelope } from './types.ts';

export interface SimControl {
  now(): number;
  /** Moves the test clock; runs due Connect deliveries and retries. */
  advance(ms: number): Promise<void>;
  registerRedirectUri(clientId: string, uri: string): void;
  addRsaPublicKey(clientId: string, publicKeyPem: string): void;
  grantConsent(sub: string, clientId: string, scopes: string[]): void;
  /** Also kills the refresh tokens issued under it. */
  revokeConsent(sub: string, clientId: string): void;
  /** An access or refresh token. */
  revokeToken(token: string): void;
  /**
   * Every access and refresh token the user holds for the integration key, as when DocuSign ends the
   * app's access (the user removed it, or the sim restarted): the next API call answers 401, the next
   * refresh `invalid_grant`. Consent stays, so a new sign-in works at once.
   */
  revokeGrants(sub: string, clientId: string): void;
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  envelopes(): SimEnvelope[];
  calls(): SimCall[];
  /** Every code, access token, refresh token and view token ever issued (tests search logs and pages for leaks). */
  tokensIssued(): string[];
  audit(clientId: string): GoLiveAudit;
  /** Connect deliveries so far (payload bodies included as `body`). */
  deliveries(): (SimDelivery & { body: string; headers: Record<string, string> })[];
  /** Waits until no Connect delivery is in flight. */
  settle(): Promise<void>;
  /** Adds an account-level Connect configuration (DocuSign: POST /v2.1/accounts/{id}/connect). */
  addConnectConfiguration(accountId: string, configuration: SeedConnectConfiguration): void;
}

function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export function createControl(store: Store, connect: Connect): SimControl {
  const control: SimControl = {
    now: () => store.now(),
    async advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite, non-negative number');
      store.advanceBy(ms);
      await connect.runDue();
    },
    registerRedirectUri(clientId, uri) {
      const key = store.keys.get(clientId);
      if (!key) throw new Error(`unknown integration key ${clientId}`);
      if (!key.redirectUris.includes(uri)) key.redirectUris.push(uri);
    },
    addRsaPublicKey(clientId, publicKeyPem) {
      const key = store.keys.get(clientId);
      if (!key) throw new Error(`unknown integration key ${clientId}`);
      createPublicKey(publicKeyPem); // throws on a key that is not a public key
      key.rsaPublicKeys = [...(key.rsaPublicKeys ?? []), publicKeyPem].slice(-5); // DocuSign keeps at most 5
    },
    grantConsent: (sub, clientId, scopes) => grantConsentTo(store, sub, clientId, scopes),
    revokeConsent(sub, clientId) {
      store.consents.delete(consentKey(sub, clientId));
      for (const t of store.refreshTokens.values()) if (t.sub === sub && t.clientId === clientId) t.revoked = true;
    },
    revokeToken(token) {
      const a = store.accessTokens.get(token);
      if (a) a.revoked = true;
      const r = store.refreshTokens.get(token);
      if (r) r.revoked = true;
    },
    revokeGrants(sub, clientId) {
      for (const t of store.accessTokens.values()) if (t.sub === sub && t.clientId === clientId) t.revoked = true;
      for (const t of store.refreshTokens.values()) if (t.sub === sub && t.clientId === clientId) t.revoked = true;
    },
    inject: (fault) => addFault(store, fault),
    clearFaults: () => {
      store.faults.length = 0;
    },
    envelopes: () => [...store.envelopes.values()],
    calls: () => [...store.calls],
    tokensIssued: () => [...store.issued],
    audit: (clientId) => goLiveAudit(store.calls, clientId),
    deliveries: () => store.deliveries.map(({ retry: _retry, ...d }) => ({ ...d })),
    settle: () => connect.settle(),
    addConnectConfiguration(accountId, configuration) {
      const account = store.accounts.get(accountId);
      if (!account) throw new Error(`unknown account ${accountId}`);
      account.connectConfigurations = [...(account.connectConfigurations ?? []), { ...configuration, events: [...configuration.events] }];
    },
  };
  return control;
}

const MODES: readonly FaultMode[] = ['error500', 'error503', 'hang', 'drop', 'succeed-then-drop'];
const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096;

export function controlRoutes(store: Store, control: SimControl): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const bad = (message: string) => Response.json({ error: 'bad_request', message }, { status: 400 });
  const body = async (req: Request): Promise<Record<string, unknown>> => {
    try {
      const v: unknown = await req.json();
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  app.use(async (c, next) => {
    c.set('kind', 'sim');
    await next();
  });
  app.use('/_sim/*', async (c, next) => {
    // The control routes have no credentials (they are the test's hands), so no web page may drive them:
    // a browser marks cross-site requests with Sec-Fetch-Site, and a JSON body cannot be sent
    // cross-origin without a CORS preflight, which the simulator never grants.
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return c.json({ error: 'forbidden', message: 'The simulator control routes refuse requests from web pages.' }, 403);
    }
    if (c.req.method === 'POST' && !(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return c.json({ error: 'unsupported_media_type', message: 'Send control requests as application/json.' }, 415);
    }
    await next();
    return undefined;
  });
  app.post('/_sim/faults', async (c) => {
    const b = await body(c.req.raw);
    const mode = b['mode'];
    if (!MODES.includes(mode as FaultMode)) return bad(`mode must be one of ${MODES.join(', ')}`);
    // A literal path or prefix only: a regular expression from the request would be code the caller
    // runs here (and one badly written hangs the process).
    if (b['pathRegex'] !== undefined) return bad('pathRegex is not accepted; give path (exact) or pathPrefix');
    const path = str(b['path']) ? b['path'] : str(b['pathPrefix']) ? { prefix: b['pathPrefix'] } : '';
    if (path === '') return bad('path or pathPrefix is required');
    const count = typeof b['count'] === 'number' ? b['count'] : 1;
    control.inject({ path, mode: mode as FaultMode, count, ...(str(b['method']) ? { method: b['method'] } : {}) });
    return c.json({ ok: true }, 201);
  });
  app.delete('/_sim/faults', (c) => {
    control.clearFaults();
    return c.json({ ok: true });
  });
  app.post('/_sim/clock/advance', async (c) => {
    const ms = (await body(c.req.raw))['ms'];
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return bad('ms must be a non-negative number');
    await control.advance(ms);
    return c.json({ now: control.now() });
  });
  app.get('/_sim/clock', (c) => c.json({ now: control.now() }));
  app.post('/_sim/tokens/revoke', async (c) => {
    const token = (await body(c.req.raw))['token'];
    if (!str(token)) return bad('token is required');
    control.revokeToken(token);
    return c.json({ ok: true });
  });
  app.post('/_sim/consents', async (c) => {
    const b = await body(c.req.raw);
    const scopes = b['scopes'];
    if (!str(b['sub']) || !str(b['clientId']) || !Array.isArray(scopes) || !scopes.every(str)) return bad('sub, clientId and scopes[] are required');
    control.grantConsent(b['sub'], b['clientId'], scopes);
    return c.json({ ok: true });
  });
  app.post('/_sim/consents/revoke', async (c) => {
    const b = await body(c.req.raw);
    if (!str(b['sub']) || !str(b['clientId'])) return bad('sub and clientId are required');
    control.revokeConsent(b['sub'], b['clientId']);
    return c.json({ ok: true });
  });
  app.post('/_sim/grants/revoke', async (c) => {
    const b = await body(c.req.raw);
    if (!str(b['sub']) || !str(b['clientId'])) return bad('sub and clientId are required');
    control.revokeGrants(b['sub'], b['clientId']);
    return c.json({ ok: true });
  });
  app.post('/_sim/keys/:clientId/redirect-uris', async (c) => {
    const uri = (await body(c.req.raw))['uri'];
    if (!str(uri) || !store.keys.has(c.req.param('clientId'))) return bad('a known clientId and a uri are required');
    control.registerRedirectUri(c.req.param('clientId'), uri);
    return c.json({ ok: true });
  });
  app.post('/_sim/keys/:clientId/rsa-keys', async (c) => {
    const pem = (await body(c.req.raw))['publicKeyPem'];
    if (!str(pem) || !store.keys.has(c.req.param('clientId'))) return bad('a known clientId and publicKeyPem are required');
    try {
      control.addRsaPublicKey(c.req.param('clientId'), pem);
    } catch {
      return bad('publicKeyPem is not a PEM public key');
    }
    return c.json({ ok: true });
  });
  app.post('/_sim/accounts/:accountId/connect', async (c) => {
    const b = await body(c.req.raw);
    const events = b['events'];
    if (!str(b['urlToPublishTo']) || !Array.isArray(events) || !events.every(str) || !store.accounts.has(c.req.param('accountId'))) {
      return bad('a known accountId, urlToPublishTo and events[] are required');
    }
    // Over HTTP the simulator publishes only to this computer (the tests' and the demo's listeners), so
    // its control route cannot make it POST to any host on the network. The in-process handle and the
    // seed, written by the test or the operator, are not limited.
    if (!isLoopbackUrl(b['urlToPublishTo'])) return bad('urlToPublishTo must be an http(s) URL on 127.0.0.1, localhost or [::1]');
    const connectId = str(b['connectId']) ? b['connectId'] : String(Math.floor(Math.random() * 1e7));
    control.addConnectConfiguration(c.req.param('accountId'), {
      connectId,
      name: str(b['name']) ? b['name'] : 'Connect configuration',
      urlToPublishTo: b['urlToPublishTo'],
      events,
      includeHMAC: b['includeHMAC'] === true,
      requireAcknowledgment: b['requireAcknowledgment'] !== false,
      ...(Array.isArray(b['includeData']) ? { includeData: b['includeData'].filter(str) } : {}),
    });
    return c.json({ connectId }, 201);
  });
  // Inspection without secrets: envelopes without document bytes, calls, audits.
  app.get('/_sim/envelopes', (c) =>
    c.json(control.envelopes().map((e) => ({ ...e, documents: e.documents.map(({ bytes, ...d }) => ({ ...d, size: bytes.byteLength })) }))),
  );
  app.get('/_sim/calls', (c) => c.json(control.calls()));
  app.get('/_sim/audit/:clientId', (c) => c.json(control.audit(c.req.param('clientId'))));
  return app;
}
