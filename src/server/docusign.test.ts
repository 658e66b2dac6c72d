/** The DocuSign client's error mapping and retry policy, with a scripted fetch. */
import { describe, expect, test } from 'vitest';
import { createDocuSignClient, DocuSignError, mapEsignError, type Fetch } from './docusign.ts';
import { createIdentity } from './identity.ts';
import { memoryLogger } from './log.ts';

const NOW = Date.UTC(2026, 10, 21, 14, 20, 0);
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function scripted(answers: (Response | Error)[]) {
  const seen: string[] = [];
  const fetch: Fetch = (input) => {
    seen.push(String(input instanceof Request ? input.url : input));
    const next = answers.shift();
    if (next === undefined) throw new Error('unexpected call');
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  };
  return { fetch, seen };
}

function client(fetch: Fetch, sleeps: number[] = []) {
  return createDocuSignClient({
    accountServer: 'https://account-d.docusign.com',
    fetch,
    now: () => NOW,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 1,
    log: memoryLogger(),
    timeoutMs: 1000,
    retry: { attempts: 4, baseMs: 100, maxMs: 1000, maxWaitMs: 60_000 },
  });
}

const ctx = { token: 't', baseUri: 'https://na2.docusign.net', accountId: 'acc' };
const userinfo = { sub: 'u', accounts: [{ account_id: 'acc', account_name: 'A', is_default: true, base_uri: 'https://na2.docusign.net' }] };

describe('mapEsignError', () => {
  const none = new Headers();
  test.each([
    [401, { errorCode: 'AUTHORIZATION_INVALID_TOKEN' }, 'docusign_token_invalid', 401],
    [400, { errorCode: 'USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT' }, 'account_not_member', 403],
    [400, { errorCode: 'CONSENT_REQUIRED' }, 'docusign_consent_required', 403],
    [400, { errorCode: 'INVALID_REQUEST_BODY', message: 'bad' }, 'docusign_rejected', 422],
    [503, { errorCode: 'SERVICE_UNAVAILABLE' }, 'docusign_unavailable', 503],
    [429, {}, 'docusign_rate_limited', 429],
  ])('%i %j → %s', (status, body, code, ours) => {
    const error = mapEsignError(status, body, none, NOW);
    expect([error.code, error.status]).toEqual([code, ours]);
  });

  test('the hourly limit names the reset time from X-RateLimit-Reset and is not retryable', () => {
    const reset = String(Date.UTC(2026, 10, 21, 15, 0, 0) / 1000);
    const error = mapEsignError(400, { errorCode: 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED' }, new Headers({ 'X-RateLimit-Reset': reset }), NOW);
    expect(error.code).toBe('docusign_hourly_limit');
    expect(error.message).toContain('15:00 UTC');
    expect(error.retryable).toBe(false);
  });

  test('a burst refusal waits one burst window, not until the hourly reset', () => {
    const reset = String(Date.UTC(2026, 10, 21, 15, 0, 0) / 1000);
    const error = mapEsignError(400, { errorCode: 'BURST_APIINVOCATION_LIMIT_EXCEEDED' }, new Headers({ 'X-RateLimit-Reset': reset }), NOW);
    expect([error.retryable, error.retryAfterMs]).toEqual([true, 30_000]);
  });
});

describe('retry', () => {
  test('5xx and network errors are retried with growing, jittered backoff; the fourth attempt succeeds', async () => {
    const sleeps: number[] = [];
    const { fetch } = scripted([json(500, {}), new TypeError('fetch failed'), json(502, {}), json(200, userinfo)]);
    const user = await client(fetch, sleeps).userinfo('t');
    expect(user.accounts[0]?.baseUri).toBe('https://na2.docusign.net');
    expect(sleeps).toEqual([100, 200, 400]);
  });

  test('gives up after the last attempt with a 503 the user can act on', async () => {
    const { fetch } = scripted([json(500, {}), json(500, {}), json(500, {}), json(500, {})]);
    const error = await client(fetch).userinfo('t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocuSignError);
    expect((error as DocuSignError).code).toBe('docusign_unavailable');
  });

  test('a rate limit that resets later than the longest wait is answered at once', async () => {
    const sleeps: number[] = [];
    const { fetch } = scripted([json(429, {}, { 'Retry-After': '3600' })]);
    const error = await client(fetch, sleeps).userinfo('t').catch((e: unknown) => e);
    expect((error as DocuSignError).code).toBe('docusign_rate_limited');
    expect(sleeps).toEqual([]);
  });

  test('createEnvelope makes exactly one attempt: retrying it is the caller\'s decision', async () => {
    const { fetch, seen } = scripted([new TypeError('fetch failed')]);
    const error = await client(fetch).createEnvelope(ctx, { contentType: 'application/json', stream: () => new Response('{}').body as ReadableStream<Uint8Array> }).catch((e: unknown) => e);
    expect(error).toMatchObject({ ambiguous: true, retryable: true });
    expect(seen).toEqual(['https://na2.docusign.net/restapi/v2.1/accounts/acc/envelopes']);
  });

  test('an unexpected userinfo body is a clear error, not a crash', async () => {
    const { fetch } = scripted([json(200, { sub: 'u', accounts: [{ account_id: 'a', base_uri: 'not a url' }] })]);
    const error = await client(fetch).userinfo('t').catch((e: unknown) => e);
    expect((error as DocuSignError).status).toBe(502);
  });
});

describe('identity.explainRejection', () => {
  test('a 401 USER_AUTHENTICATION_FAILED while userinfo still accepts the token means the account moved site', async () => {
    const { fetch } = scripted([json(200, userinfo), json(200, userinfo)]);
    const c = client(fetch);
    const identity = createIdentity({ client: c, now: () => NOW, ttlMs: 60_000, maxEntries: 10, accountServer: 'https://account-d.docusign.com', otherAccountServers: [], environmentName: (s) => s });
    await identity.identify('t');
    const refusal = mapEsignError(401, { errorCode: 'USER_AUTHENTICATION_FAILED' }, new Headers(), NOW);
    await expect(identity.explainRejection('t', refusal)).rejects.toMatchObject({ code: 'docusign_wrong_site' });
  });

  test('the cache is bounded: the oldest token is asked again', async () => {
    const { fetch, seen } = scripted([json(200, userinfo), json(200, userinfo), json(200, userinfo)]);
    const identity = createIdentity({ client: client(fetch), now: () => NOW, ttlMs: 60_000, maxEntries: 1, accountServer: 'https://account-d.docusign.com', otherAccountServers: [], environmentName: (s) => s });
    await identity.identify('a');
    await identity.identify('b');
    await identity.identify('b');
    await identity.identify('a');
    expect(seen).toHaveLength(3);
  });
});

describe('findEnvelopeByRequestId', () => {
  const list = (envelopes: unknown[]) => json(200, { resultSetSize: String(envelopes.length), envelopes });

  test('adopts only an envelope that carries our request id', async () => {
    const { fetch } = scripted([
      list([
        { envelopeId: 'stranger', customFields: { textCustomFields: [{ name: 'signbridge_request_id', value: 'other' }] } },
        { envelopeId: 'ours', customFields: { textCustomFields: [{ name: 'signbridge_request_id', value: 'req-7' }] } },
      ]),
    ]);
    await expect(client(fetch).findEnvelopeByRequestId(ctx, 'signbridge_request_id', 'req-7', NOW)).resolves.toBe('ours');
  });

  test('never adopts an envelope listed without custom fields (an API that ignored the filter)', async () => {
    const { fetch } = scripted([list([{ envelopeId: 'stranger' }])]);
    await expect(client(fetch).findEnvelopeByRequestId(ctx, 'signbridge_request_id', 'req-7', NOW)).resolves.toBeUndefined();
  });
});
