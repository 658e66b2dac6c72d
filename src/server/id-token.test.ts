/** The ID-token verifier's edges that need no identity provider: an unreachable or lying discovery. */
import { describe, expect, test } from 'vitest';
import { createIdTokenVerifier } from './id-token.ts';
import { memoryLogger } from './log.ts';

const provider = { issuer: 'https://idp.example', clientId: 'app' };
const token = `${Buffer.from('{"alg":"RS256","kid":"k"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.c2ln`;

describe('ID-token verifier', () => {
  test('an unreachable provider: 503 identity_provider_unreachable, not a 5xx crash', async () => {
    const verifier = createIdTokenVerifier({ fetch: () => Promise.reject(new TypeError('fetch failed')), now: Date.now, log: memoryLogger(), spendNonce: () => Promise.resolve(true) });
    await expect(verifier.verify(provider, token, 'n'.repeat(16))).rejects.toMatchObject({ status: 503, code: 'identity_provider_unreachable' });
  });

  test('a discovery document naming another issuer is not trusted', async () => {
    const fetch = () => Promise.resolve(Response.json({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/jwks' }));
    const verifier = createIdTokenVerifier({ fetch, now: Date.now, log: memoryLogger(), spendNonce: () => Promise.resolve(true) });
    await expect(verifier.verify(provider, token, 'n'.repeat(16))).rejects.toMatchObject({ code: 'identity_provider_unreachable' });
  });
});
