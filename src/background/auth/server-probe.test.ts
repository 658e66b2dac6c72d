import { expect, test } from 'vitest';
import { installI18n } from '../../../test/support/i18n-stub.ts';
import { probeServer } from './server-probe.ts';

installI18n();

const URL_ = 'https://signbridge.example';
const config = { accountServer: 'https://account-d.docusign.com', clientId: 'ik', scopes: ['signature'], redirectUri: `${URL_}/oauth/callback`, identityProviders: [] };
const answering = (response: () => Response): typeof fetch => () => Promise.resolve(response());

test('a SignBridge server answering /v1/config is reachable', async () => {
  const asked: string[] = [];
  const fetchFn: typeof fetch = (input) => {
    asked.push(input instanceof Request ? input.url : input.toString());
    return Promise.resolve(Response.json(config));
  };
  expect(await probeServer(URL_, fetchFn)).toEqual({ ok: true, value: { reachable: true } });
  expect(asked).toEqual([`${URL_}/v1/config`]);
});

test('each failure names its cause: timeout, network, HTTP status, not SignBridge', async () => {
  const hang: typeof fetch = (_input, init) =>
    new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
  const cases: [typeof fetch, string][] = [
    [hang, 'SignBridge could not reach https://signbridge.example: no answer within 2 seconds. Nothing was saved.'],
    [() => Promise.reject(new TypeError('Failed to fetch')), 'the connection failed'],
    [answering(() => new Response('nope', { status: 404 })), 'it answered HTTP 404'],
    [answering(() => Response.json({ hello: 'world' })), 'it answered, but not as a SignBridge server'],
    [answering(() => new Response('<html>')), 'not as a SignBridge server'],
  ];
  for (const [fetchFn, words] of cases) {
    const answer = await probeServer(URL_, fetchFn, 2_000);
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('server_unreachable');
    expect(!answer.ok && answer.error.message).toContain(words);
  }
});
