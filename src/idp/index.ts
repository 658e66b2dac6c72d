/**
 * A demo OpenID Provider for organization sign-in, on panva's `oidc-provider` (a certified OpenID
 * Provider implementation): one issuer, one public client per demo tenant (no secret, PKCE S256
 * required, response type `code`, scopes `openid email profile`), ID tokens signed RS256, and a login
 * page for the seeded members. `npm start` and tests start it in-process; real deployments use their own
 * identity provider (Entra ID, Okta, Google Workspace: see README).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { loginPage, LOGIN_PAGE_HEADERS } from './login-page.ts';
import { DEMO_CLIENTS, DEMO_MEMBERS, DEMO_PASSWORD, type DemoMember } from './members.ts';

export interface IdpOptions {
  port: number;
  host: string;
  /** Mount the issuer under this path (e.g. `/idp`); default: the origin itself. */
  issuerPath?: string;
  /** Redirect URIs the clients accept (the server's `/oidc/callback`). */
  redirectUris: readonly string[];
  /** Private signing keys (JWK with `kid` and `alg`); generated (RS256) when left out. Tests pass their own. */
  signingKeys?: JWK[];
}

export interface RunningIdp {
  issuer: string;
  members: readonly DemoMember[];
  clients: typeof DEMO_CLIENTS;
  close(): Promise<void>;
}

async function demoSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `demo-${randomBytes(6).toString('hex')}` };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function configuration(redirectUris: readonly string[], keys: JWK[], prefix: string): Configuration {
  return {
    clients: Object.entries(DEMO_CLIENTS).map(([tenant, clientId]) => ({
      client_id: clientId,
      client_name: `SignBridge for ${tenant === 'adams' ? 'Adams Consulting' : 'Northwind Traders'}`,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      redirect_uris: [...redirectUris],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: 'RS256',
    })),
    jwks: { keys },
    pkce: { required: () => true, methods: ['S256'] },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The ID token carries the scope's claims (email, name): the server reads them from it alone.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `${prefix}/interaction/${interaction.uid}` },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 600, IdToken: 3600 },
    findAccount: (_ctx, id) => {
      const member = DEMO_MEMBERS.find((m) => m.sub === id);
      if (member === undefined) return undefined;
      return {
        accountId: member.sub,
        claims: () => ({ sub: member.sub, email: member.email, email_verified: true, name: member.name, groups: member.groups }),
      };
    },
    // First-party clients of the demo: the member's consent is implied by signing in.
    loadExistingGrant: async (ctx) => {
      const { oidc } = ctx;
      const accountId = oidc.session?.accountId;
      const clientId = oidc.client?.clientId;
      if (accountId === undefined || clientId === undefined) return undefined;
      const existing = oidc.session?.grantIdFor(clientId);
      if (existing !== undefined) {
        const found = await oidc.provider.Grant.find(existing);
        if (found !== undefined) return found;
      }
      const grant = new oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Sign-in error</title><h1>Sign-in error</h1><p>${String(out['error'] ?? 'error').replace(/[<>&"']/g, '')}</p>`;
    },
  };
}

export async function startIdp(options: IdpOptions): Promise<RunningIdp> {
  const prefix = (options.issuerPath ?? '').replace(/\/+$/, '');
  const keys = options.signingKeys ?? [await demoSigningKey()];
  const state: { provider?: Provider } = {};

  async function interaction(req: IncomingMessage, res: ServerResponse, provider: Provider, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const clientId = typeof details.params['client_id'] === 'string' ? details.params['client_id'] : '';
    const clientName = Object.entries(DEMO_CLIENTS).find(([, id]) => id === clientId)?.[0] === 'northwind' ? 'Northwind Traders' : 'Adams Consulting';
    const action = `${prefix}/interaction/${uid}`;
    if (req.method === 'GET') {
      res.writeHead(200, LOGIN_PAGE_HEADERS).end(loginPage(action, clientName));
      return;
    }
    const form = await readForm(req);
    const email = (form.get('email') ?? '').trim().toLowerCase();
    const member = DEMO_MEMBERS.find((m) => m.email === email);
    if (member === undefined || form.get('password') !== DEMO_PASSWORD) {
      res.writeHead(200, LOGIN_PAGE_HEADERS).end(loginPage(action, clientName, 'Unknown e-mail or wrong password.'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: member.sub } }, { mergeWithLastSubmission: false });
  }

  const server = createServer((req, res) => {
    const provider = state.provider;
    if (provider === undefined) {
      res.writeHead(503).end('starting');
      return;
    }
    const url = req.url ?? '/';
    if (prefix !== '' && !url.startsWith(`${prefix}/`) && url !== prefix) {
      res.writeHead(404).end();
      return;
    }
    req.url = url.slice(prefix.length) || '/';
    const match = /^\/interaction\/([A-Za-z0-9_-]{1,100})$/.exec(req.url.split('?')[0] ?? '');
    if (match?.[1] !== undefined && (req.method === 'GET' || req.method === 'POST')) {
      interaction(req, res, provider, match[1]).catch(() => {
        if (!res.headersSent) res.writeHead(400, LOGIN_PAGE_HEADERS).end(loginPage('', 'SignBridge', 'This sign-in expired. Start again from SignBridge.'));
      });
      return;
    }
    void provider.callback()(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const issuer = `http://${host}:${port}${prefix}`;
  state.provider = new Provider(issuer, configuration(options.redirectUris, keys, prefix));

  return {
    issuer,
    members: DEMO_MEMBERS,
    clients: DEMO_CLIENTS,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
