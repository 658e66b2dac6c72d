/**
 * Signs a demo member in at the demo identity provider the way the extension does (Authorization Code
 * + PKCE S256, state and nonce), driving the login page with plain HTTP, and returns the ID token.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface IdpLoginOptions {
  issuer: string;
  clientId: string;
  redirectUri: string;
  email: string;
  password?: string;
  nonce?: string;
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

export async function idpLogin(options: IdpLoginOptions): Promise<{ idToken: string; nonce: string }> {
  const verifier = b64url(randomBytes(32));
  const nonce = options.nonce ?? b64url(randomBytes(16));
  const state = b64url(randomBytes(16));
  const auth = new URL(`${options.issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    state,
    nonce,
  }).toString();
  const next = await idpAuthorize(auth.toString(), options.redirectUri, options.email, options.password);
  if (next.searchParams.get('state') !== state) throw new Error('state mismatch');
  const code = next.searchParams.get('code');
  if (code === null) throw new Error(`no code: ${next.searchParams.get('error') ?? 'unknown'}`);
  const token = await fetch(`${options.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: options.redirectUri, client_id: options.clientId, code_verifier: verifier }),
  });
  const body = (await token.json()) as { id_token?: string; error?: string };
  if (body.id_token === undefined) throw new Error(`token endpoint: ${body.error ?? token.status}`);
  return { idToken: body.id_token, nonce };
}

/**
 * Follows an authorization URL of the demo identity provider (its login page filled with `email`) until
 * it redirects to `redirectUri`; answers that redirect (with `code` and `state`, or `error`).
 */
export async function idpAuthorize(authorizationUrl: string, redirectUri: string, email: string, password = 'demo'): Promise<URL> {
  const cookies = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair !== undefined && eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  let url = authorizationUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader() } });
    remember(res);
    const location = res.headers.get('location');
    if (location !== null) {
      const next = new URL(location, url);
      if (next.toString().startsWith(redirectUri)) return next;
      url = next.toString();
      init = {};
      continue;
    }
    const html = await res.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
    if (action === undefined) throw new Error(`unexpected page (${res.status}): ${html.slice(0, 200)}`);
    url = new URL(action.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n))), url).toString();
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    };
  }
  throw new Error('too many redirects');
}
