/**
 * The companion server wired to an in-process DocuSign simulator, for tests: a frozen simulator clock
 * that the server shares and that retries advance instead of waiting, an in-memory (or given) SQLite
 * store, a memory logger, and helpers to send envelopes as the extension does.
 */
import { createSim, loadDefaultSeed, makePdf, type Sim, type SimSeed } from '../../src/sim/index.ts';
import { createApp, type ServerConfig } from '../../src/server/app.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { openStore } from '../../src/server/db/open.ts';
import type { Store } from '../../src/server/store.ts';
import type { JWK } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import { startIdp } from '../../src/idp/index.ts';
import { DEMO_CLIENTS } from '../../src/idp/members.ts';
import type { EnvelopeRequestInput, SessionResponse } from '../../src/shared/api.ts';
import { setUpDemoOrg } from '../../src/tools/demo/org.ts';
import { idpLogin } from './idp-login.ts';
import { docusignLogin, SIM_ACCOUNTS, SIM_PUBLIC_KEY, SIM_USERS } from './docusign-login.ts';

export const SIM_ORIGIN = 'http://sim.test';
export const PUBLIC_URL = 'http://127.0.0.1:8787';

export interface KitOptions {
  seed?: SimSeed;
  store?: Store;
  /** Reuse a simulator (e.g. to restart only the server). */
  sim?: Sim;
  config?: Partial<ServerConfig>;
  /** Wraps the fetch the server uses (to observe or reroute its calls). */
  wrapFetch?: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch;
  /** The log lines go here too (tests that search every line for secrets). */
  log?: ReturnType<typeof memoryLogger>;
  /** While true, the simulator's Connect deliveries fail as if the server were down. */
  serverDown?: () => boolean;
}

export function serverConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    publicUrl: PUBLIC_URL,
    version: 'test',
    docusign: { accountServer: SIM_ORIGIN, clientId: SIM_PUBLIC_KEY, scopes: ['signature', 'extended'], redirectUri: `${PUBLIC_URL}/oauth/callback` },
    docusignTimeoutMs: 200,
    // Tests send hundreds of envelopes as one user; the per-caller limit has its own test.
    rateLimitPerMinute: 100_000,
    ...overrides,
  };
}

export function createKit(options: KitOptions = {}) {
  // The simulator's Connect deliveries to the server's public URL reach the app in-process.
  const late: { app?: { request: (input: Request) => Response | Promise<Response> } } = {};
  const connectFetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(PUBLIC_URL) || late.app === undefined) return globalThis.fetch(request);
    if (options.serverDown?.() === true) throw new TypeError('fetch failed');
    return late.app.request(request);
  };
  const sim =
    options.sim ??
    createSim({ origin: SIM_ORIGIN, startTime: Date.UTC(2026, 10, 21, 10, 0, 0), connectFetch, ...(options.seed ? { seed: options.seed } : {}) });
  const log = options.log ?? memoryLogger();
  const store = options.store ?? openStore(':memory:');
  const fetch = options.wrapFetch ? options.wrapFetch(sim.fetch) : sim.fetch;
  const sleeps: number[] = [];
  const config = serverConfig(options.config);
  const app = createApp({
    config,
    log,
    fetch,
    store,
    now: () => sim.control.now(),
    // Retries move the simulator's clock instead of waiting.
    sleep: async (ms) => {
      sleeps.push(ms);
      await sim.control.advance(ms);
    },
    random: () => 0.5,
  });
  late.app = app;
  const login = async (user: keyof typeof SIM_USERS = 'alice') =>
    (await docusignLogin({ origin: SIM_ORIGIN, fetch: sim.fetch, user: SIM_USERS[user] })).accessToken;
  return { sim, app, log, store, sleeps, login, config };
}

export const pdf = (pages = 1, title = 'Contract'): Uint8Array => makePdf(pages, title);

export function envelopeRequest(overrides: Partial<EnvelopeRequestInput> = {}): EnvelopeRequestInput {
  return {
    accountId: SIM_ACCOUNTS.aliceUs,
    subject: 'Please sign the offer',
    message: 'Sent from the CRM.',
    signers: [
      { name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1, signsNow: true },
      { name: 'Eli Ek', email: 'eli@example.org', routingOrder: 2 },
    ],
    carbonCopies: [{ name: 'Legal Team', email: 'legal@example.org', routingOrder: 3 }],
    fields: [{ name: 'Deal', value: 'D-42' }],
    source: { url: 'https://crm.example.com/deals/42', title: 'Deal 42' },
    ...overrides,
  };
}

export interface SendOptions {
  token?: string | undefined;
  key?: string | undefined;
  /** The account header the extension sends (checked before the body is read). */
  account?: string | undefined;
  request?: unknown;
  documents?: { bytes: Uint8Array; name: string }[];
}

export function envelopeForm(request: unknown, documents: { bytes: Uint8Array; name: string }[]): FormData {
  const form = new FormData();
  form.append('request', JSON.stringify(request));
  for (const d of documents) form.append('document', new Blob([new Uint8Array(d.bytes)], { type: 'application/octet-stream' }), d.name);
  return form;
}

export function send(app: ReturnType<typeof createApp>, options: SendOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers['Authorization'] = `Bearer ${options.token}`;
  if (options.key !== undefined) headers['Idempotency-Key'] = options.key;
  if (options.account !== undefined) headers['SignBridge-Account'] = options.account;
  const body = envelopeForm(options.request ?? envelopeRequest(), options.documents ?? [{ bytes: pdf(), name: 'Offer.pdf' }]);
  return Promise.resolve(app.request('/v1/envelopes', { method: 'POST', headers, body }));
}

export { loadDefaultSeed, SIM_ACCOUNTS };

export interface OrgKitOptions extends KitOptions {
  /** Signing keys for the demo identity provider (tests that mint their own ID tokens with them). */
  idpKeys?: JWK[];
  sessionTtlSeconds?: number;
}

/**
 * The kit with organization sending: a real in-process identity provider (oidc-provider, on a loopback
 * port), the demo key pair registered with the simulator and consent granted, the two demo tenants.
 */
export async function createOrgKit(options: OrgKitOptions = {}) {
  // Frozen at the real time: the identity provider stamps ID tokens with the real clock.
  const sim = options.sim ?? createSim({ origin: SIM_ORIGIN, startTime: Date.now(), ...(options.seed ? { seed: options.seed } : {}) });
  const redirectUri = `${PUBLIC_URL}/oidc/callback`;
  const idp = await startIdp({ port: 0, host: '127.0.0.1', redirectUris: [redirectUri, `${PUBLIC_URL}/admin/oidc/callback`], ...(options.idpKeys ? { signingKeys: options.idpKeys } : {}) });
  const org = setUpDemoOrg({ sim: sim.control, simOrigin: SIM_ORIGIN, issuer: idp.issuer, publicUrl: PUBLIC_URL, ...(options.sessionTtlSeconds ? { sessionTtlSeconds: options.sessionTtlSeconds } : {}) });
  const kit = createKit({ ...options, sim, config: { ...options.config, org } });
  /** Signs a member in at the identity provider and opens a SignBridge session; the raw answer. */
  const openSession = async (email: string, tenant: keyof typeof DEMO_CLIENTS) => {
    const { idToken, nonce } = await idpLogin({ issuer: idp.issuer, clientId: DEMO_CLIENTS[tenant], redirectUri, email });
    return kit.app.request('/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identityProviderId: tenant, idToken, nonce }),
    });
  };
  const signIn = async (email: string, tenant: keyof typeof DEMO_CLIENTS): Promise<SessionResponse> => {
    const res = await openSession(email, tenant);
    if (res.status !== 201) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as SessionResponse;
  };
  return { ...kit, idp, org, redirectUri, openSession, signIn, close: () => idp.close() };
}

export type OrgKit = Awaited<ReturnType<typeof createOrgKit>>;

/**
 * For the enclosing suite: an organization kit with Dana of Adams Consulting signed in, started before
 * its tests and closed after them. Read `world.kit` and `world.dana` inside the tests.
 */
export function orgSuiteAsDana(): { kit: OrgKit; dana: SessionResponse } {
  const world = {} as { kit: OrgKit; dana: SessionResponse };
  beforeAll(async () => {
    world.kit = await createOrgKit();
    world.dana = await world.kit.signIn('dana@adams.example', 'adams');
  });
  afterAll(() => world.kit.close());
  return world;
}
