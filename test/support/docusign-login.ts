/**
 * A DocuSign access token for a seeded simulator user, the way the extension gets one: the
 * Authorization Code Grant with PKCE for the public integration key, driving the simulator's login and
 * consent pages without a browser, then the code exchange. Works in-process (`sim.fetch`) or against a
 * listening simulator (global fetch).
 */
import { createHash, randomBytes } from 'node:crypto';
import { driveLogin } from '../../src/sim/index.ts';

export const SIM_PUBLIC_KEY = '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83';
export const SIM_REDIRECT_URI = 'http://127.0.0.1:8787/oauth/callback';

export const SIM_USERS = {
  alice: { email: 'alice@example.com', password: 'alice-demo' },
  bob: { email: 'bob@example.com', password: 'bob-demo' },
  carol: { email: 'carol@example.com', password: 'carol-demo' },
} as const;

export const SIM_ACCOUNTS = {
  aliceUs: 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55',
  aliceEu: '07c6b4e8-0b3d-4c7f-9e9a-2d8b1f4c6a77',
  bob: '18d7c5f9-1c4e-4d8a-8fab-3e9c2a5d7b88',
  northwind: '3a9e7d1b-5c2f-4e8a-9b6d-4f0c8a2e6d99',
} as const;

/** The system users organization sending impersonates (JWT grant `sub`). */
export const SIM_SYSTEM_USERS = {
  adams: 'c3d2e0a4-6d9f-4e3b-9a5c-8f4d7b0e2c33',
  northwind: 'e5f4a2c6-9b1d-4e7f-8c3a-0d6b9e2f4a55',
} as const;

export interface LoginOptions {
  /** Origin of the simulator's account server. */
  origin: string;
  fetch: typeof fetch;
  user: { email: string; password: string };
  scope?: string;
  clientId?: string;
  redirectUri?: string;
}

export interface LoginResult {
  accessToken: string;
  refreshToken: string | undefined;
  expiresIn: number;
}

export async function docusignLogin(options: LoginOptions): Promise<LoginResult> {
  const clientId = options.clientId ?? SIM_PUBLIC_KEY;
  const redirectUri = options.redirectUri ?? SIM_REDIRECT_URI;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');
  const authorize = `${options.origin}/oauth/auth?${new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: options.scope ?? 'signature extended',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()}`;
  const { location } = await driveLogin(authorize, { ...options.user, fetch: options.fetch });
  const back = new URL(location);
  if (back.searchParams.get('state') !== state) throw new Error('login: state mismatch');
  const code = back.searchParams.get('code');
  if (code === null) throw new Error(`login refused: ${back.searchParams.get('error') ?? 'no code'}`);
  const res = await options.fetch(`${options.origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, code_verifier: verifier }),
  });
  const body = (await res.json()) as { access_token?: string; refresh_token?: string; expires_in?: number };
  if (res.status !== 200 || body.access_token === undefined) throw new Error(`login: token exchange failed (${res.status})`);
  return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresIn: body.expires_in ?? 0 };
}
