/** Helpers for the simulator's own tests: tokens through the real PKCE flow, eSignature calls. */
import { createHash, randomBytes } from 'node:crypto';
import { driveLogin } from './drive-login.ts';
import type { Sim } from './app.ts';

export const ORIGIN = 'http://127.0.0.1:8788';
export const PUBLIC_KEY = '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83';
export const CONFIDENTIAL_KEY = '9c7e1b4a-3f2d-4a8e-b6c5-1e0d9f8a7b62';
export const REDIRECT = 'http://127.0.0.1:8787/oauth/callback';
export const USERS = {
  alice: { email: 'alice@example.com', password: 'alice-demo', sub: 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11' },
  bob: { email: 'bob@example.com', password: 'bob-demo', sub: 'b2e1d9f3-5c8e-4d2a-8f4b-7e3c6a9d1b22' },
  system: { email: 'system@example.com', password: 'system-demo', sub: 'c3d2e0a4-6d9f-4e3b-9a5c-8f4d7b0e2c33' },
  carol: { email: 'carol@example.com', password: 'carol-demo', sub: 'd4c3f1b5-7e0a-4f4c-8b6d-9a5e8c1f3d44' },
} as const;
export const ACCOUNTS = {
  aliceUs: { id: 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55', site: 'na2' },
  aliceEu: { id: '07c6b4e8-0b3d-4c7f-9e9a-2d8b1f4c6a77', site: 'eu1' },
  bob: { id: '18d7c5f9-1c4e-4d8a-8fab-3e9c2a5d7b88', site: 'na3' },
} as const;
export const TEMPLATE_ID = '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99';

/** An access token for a seeded user, through login + PKCE code exchange (consenting if asked). */
export async function tokenFor(sim: Sim, user: { email: string; password: string }, scope = 'signature extended', origin = ORIGIN): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const url = `${origin}/oauth/auth?${new URLSearchParams({ response_type: 'code', client_id: PUBLIC_KEY, redirect_uri: REDIRECT, scope, state: 'x', code_challenge: challenge, code_challenge_method: 'S256' })}`;
  const { location } = await driveLogin(url, { ...user, fetch: sim.fetch });
  const code = new URL(location).searchParams.get('code') ?? '';
  const res = await sim.fetch(`${origin}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: PUBLIC_KEY, code, code_verifier: verifier }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

export function api(sim: Sim, token: string, account: { id: string; site: string }, origin = ORIGIN) {
  const base = `${origin}/${account.site}/restapi/v2.1/accounts/${account.id}`;
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    sim.fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  return { base, call };
}

/** A one-page PDF as base64. */
export const pdfBase64 = (pdf: Uint8Array): string => Buffer.from(pdf).toString('base64');

export function embeddedEnvelope(documentBase64: string, extra: Record<string, unknown> = {}) {
  return {
    emailSubject: 'Please sign the contract',
    status: 'sent',
    documents: [{ documentId: '1', name: 'Contract.pdf', fileExtension: 'pdf', documentBase64 }],
    recipients: {
      signers: [{ recipientId: '1', routingOrder: '1', email: 'dana@example.org', name: 'Dana Doe', clientUserId: 'crm-contact-42' }],
      carbonCopies: [{ recipientId: '2', routingOrder: '2', email: 'legal@example.org', name: 'Legal Team' }],
    },
    customFields: { textCustomFields: [{ name: 'signbridge_request_id', value: 'req-123', show: 'false' }] },
    ...extra,
  };
}
