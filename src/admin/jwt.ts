/**
 * The JWT grant as the admin operations make it (DocuSign "JWT Grant": RS256 assertion with iss = the
 * integration key, sub = the user, aud = the account server's bare host, iat/exp within an hour, scope),
 * keeping what a diagnosis needs: DocuSign's OAuth error and its `Date` header. The assertion and the
 * token never leave this module's callers in any output (see redact.ts).
 */
import { createHash, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import * as v from 'valibot';
import type { Environment } from './environment.ts';
import type { Fetch, JwtKey, ParsedKey } from './types.ts';

/** The key as PKCS#1 PEM, only for redact.ts to recognise it in output; '' for a key that is none. */
export function privateKeyPemOf(key: string | KeyObject): string {
  if (typeof key === 'string') return key;
  try {
    return key.export({ type: 'pkcs1', format: 'pem' }).toString();
  } catch {
    return '';
  }
}

/** Parses a PEM RSA private key; a message naming what is wrong otherwise (never the key itself). */
export function parsePrivateKey(pem: string | KeyObject): ParsedKey | { problem: string } {
  let key;
  try {
    key = pem instanceof KeyObject ? pem : createPrivateKey(pem);
    if (key.type !== 'private') throw new Error('not private');
  } catch {
    return { problem: 'The private key is not a PEM private key (expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----).' };
  }
  if (key.asymmetricKeyType !== 'rsa') return { problem: `The private key is a ${key.asymmetricKeyType ?? 'unknown'} key; DocuSign's JWT grant needs RSA.` };
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048) return { problem: `The RSA key has ${bits} bits; DocuSign generates and expects 2048.` };
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { key, fingerprint: createHash('sha256').update(spki).digest('hex') };
}

/** The public half as PEM, for an administrator to upload in Apps and Keys. */
export const publicKeyPem = (key: ParsedKey): string => createPublicKey(key.key).export({ type: 'spki', format: 'pem' }).toString();

// Official samples keep assertions short-lived (10 minutes in code-examples-node, one hour at most).
const ASSERTION_LIFETIME_S = 600;

export type TokenResult =
  | { ok: true; token: string; expiresInS: number; scopes: string[]; dateHeader: number | undefined }
  | { ok: false; error: string; description: string | undefined; status: number; dateHeader: number | undefined }
  | { ok: false; error: 'network'; description: string; status: 0; dateHeader: undefined };

const TokenSchema = v.object({ access_token: v.pipe(v.string(), v.minLength(1)), expires_in: v.optional(v.number()), scope: v.optional(v.string()) });
const OAuthErrorSchema = v.object({ error: v.optional(v.string()), error_description: v.optional(v.string()) });

const dateOf = (headers: Headers): number | undefined => {
  const ms = Date.parse(headers.get('date') ?? '');
  return Number.isNaN(ms) ? undefined : ms;
};

export async function requestJwtToken(input: {
  fetch: Fetch;
  now: number;
  env: Environment;
  jwt: JwtKey;
  key: ParsedKey;
  userId: string;
  scopes: readonly string[];
}): Promise<TokenResult> {
  const iat = Math.floor(input.now / 1000);
  const assertion = await new SignJWT({ scope: input.scopes.join(' ') })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(input.jwt.clientId)
    .setSubject(input.userId)
    .setAudience(input.env.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_S)
    .sign(input.key.key);
  let res: Response;
  try {
    res = await input.fetch(`${input.env.accountServer}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (cause) {
    const timeout = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
    return { ok: false, error: 'network', description: timeout ? 'DocuSign did not answer in 30 seconds.' : 'DocuSign could not be reached.', status: 0, dateHeader: undefined };
  }
  const dateHeader = dateOf(res.headers);
  const body: unknown = await res.json().catch(() => undefined);
  if (res.ok) {
    const parsed = v.safeParse(TokenSchema, body);
    if (parsed.success) {
      return { ok: true, token: parsed.output.access_token, expiresInS: parsed.output.expires_in ?? 3600, scopes: (parsed.output.scope ?? '').split(' ').filter(Boolean), dateHeader };
    }
  }
  const error = v.safeParse(OAuthErrorSchema, body);
  return {
    ok: false,
    error: (error.success ? error.output.error : undefined) ?? `http_${res.status}`,
    description: error.success ? error.output.error_description : undefined,
    status: res.status,
    dateHeader,
  };
}
