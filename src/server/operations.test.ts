/**
 * Operating the server: readiness, the per-caller request limit, metrics that agree with what DocuSign
 * (the simulator) saw, the request id reaching DocuSign as its trace token, an abandoned upload, and
 * the size limits of an upload read from the Node request on a real socket.
 */
import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { docusignLogin, SIM_USERS } from '../../test/support/docusign-login.ts';
import { createKit, envelopeForm, envelopeRequest, pdf, send, serverConfig } from '../../test/support/server-kit.ts';
import { metric } from '../../test/support/metrics-text.ts';
import { memoryLogger } from './log.ts';
import { startServer } from './serve.ts';

const CREATE = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;

describe('operations', () => {
  test('/readyz: ready with the store migrated and DocuSign reachable', async () => {
    const kit = createKit();
    await kit.store.ready();
    const res = await kit.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, checks: { store: true, docusign: true, draining: false } });
  });

  test('/readyz: not ready while DocuSign cannot be reached', async () => {
    const kit = createKit({ wrapFetch: (inner) => (input, init) => (new Request(input).url.endsWith('/oauth/userinfo') && init?.headers === undefined ? Promise.reject(new TypeError('fetch failed')) : inner(input, init)) });
    await kit.store.ready();
    const res = await kit.app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false, checks: { store: true, docusign: false } });
  });

  test('a caller over its request limit gets 429 with Retry-After; another caller does not', async () => {
    const kit = createKit({ config: { rateLimitPerMinute: 3 } });
    const alice = await kit.login('alice');
    for (let i = 0; i < 3; i++) expect((await send(kit.app, { token: alice, key: `key-limit-0000${i}` })).status).toBe(201);
    const refused = await send(kit.app, { token: alice, key: 'key-limit-00009' });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('server_rate_limited');
    // One request a minute / 3 comes back every 20 s.
    expect(refused.headers.get('retry-after')).toBe('20');
    const bob = await kit.login('bob');
    expect((await send(kit.app, { token: bob, key: 'key-limit-bob01' })).status).not.toBe(429);
    expect(kit.sim.control.envelopes()).toHaveLength(3);
  });

  test('metrics count what the simulator saw, and the request id reaches DocuSign as the trace token', async () => {
    const kit = createKit();
    const token = await kit.login();
    kit.sim.control.inject({ method: 'POST', path: CREATE, mode: 'error503', count: 3 });
    kit.sim.control.inject({ method: 'POST', path: CREATE, mode: 'succeed-then-drop', count: 2 });
    kit.sim.control.inject({ method: 'POST', path: CREATE, mode: 'hang', count: 1 });
    for (let i = 0; i < 8; i++) {
      const res = await kit.app.request('/v1/envelopes', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': `key-metric-${i}0000`, 'X-Request-Id': `ext-request-${i}` },
        body: envelopeForm(envelopeRequest(), [{ bytes: pdf(), name: 'A.pdf' }]),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-request-id')).toBe(`ext-request-${i}`);
    }
    const text = await (await kit.app.request('/metrics')).text();
    const esign = kit.sim.control.calls().filter((c) => c.kind === 'esign');
    const creates = esign.filter((c) => c.method === 'POST');
    const finds = esign.filter((c) => c.method === 'GET');
    expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'createEnvelope' })).toBe(creates.length);
    expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'findEnvelope' })).toBe(finds.length);
    expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'createEnvelope', status: '201' })).toBe(creates.filter((c) => c.status === 201 && c.fault === undefined).length);
    expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'createEnvelope', status: '503' })).toBe(3);
    expect(metric(text, 'signbridge_sends_total')).toBe(8);
    expect(metric(text, 'signbridge_sends_total', { outcome: 'created' }) + metric(text, 'signbridge_sends_total', { outcome: 'found' })).toBe(kit.sim.control.envelopes().length);
    expect(metric(text, 'signbridge_sends_total', { outcome: 'found' })).toBe(2);
    // The hang retries twice: its first lookup comes too soon after it to create again (envelopes.ts).
    expect(metric(text, 'signbridge_docusign_retries_total')).toBe(3 + 2 + 2);
    expect(metric(text, 'signbridge_token_requests_total', { operation: 'userinfo' })).toBe(kit.sim.control.calls().filter((c) => c.path === '/oauth/userinfo').length);
    // Every eSignature call of send i carried ext-request-i as its trace token.
    for (let i = 0; i < 8; i++) expect(esign.some((c) => c.traceToken === `ext-request-${i}`)).toBe(true);
    expect(esign.every((c) => /^ext-request-\d$/.test(c.traceToken ?? ''))).toBe(true);
  });
  test('a malformed X-Request-Id is replaced by one of ours, which is then the trace token and in the log', async () => {
    const kit = createKit();
    const token = await kit.login();
    const res = await kit.app.request('/v1/envelopes', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Idempotency-Key': 'key-badid-00001', 'X-Request-Id': 'two words; <script>' },
      body: envelopeForm(envelopeRequest(), [{ bytes: pdf(), name: 'A.pdf' }]),
    });
    expect(res.status).toBe(201);
    const id = res.headers.get('x-request-id') ?? '';
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign').map((c) => c.traceToken)).toEqual([id]);
    expect(kit.log.lines.filter((l) => l.includes('"msg":"envelope created"')).every((l) => l.includes(`"requestId":"${id}"`))).toBe(true);
    expect(kit.log.lines.join('\n')).not.toContain('two words');
  });
});

describe('an abandoned upload', () => {
  test('is logged as the client’s doing, answered 499, and counted as no 5xx', async () => {
    const log = memoryLogger();
    const server = await startServer({ config: { ...serverConfig(), docusign: { ...serverConfig().docusign, accountServer: '' } }, host: '127.0.0.1', port: 0, databasePath: ':memory:', log });
    try {
      const { port } = new URL(server.url);
      // A token the simulator does not know would be refused before the body is read: log in for real.
      const login = await docusignLogin({ origin: server.config.docusign.accountServer, fetch: (input, init) => fetch(input, init), user: SIM_USERS.alice });
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /v1/envelopes HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${login.accessToken}\r\nIdempotency-Key: key-abandon-001\r\n` +
          'Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 1000000\r\n\r\n--xyz\r\nContent-Disposition: form-data; name="request"\r\n\r\n{}',
      );
      const deadline = Date.now() + 10_000;
      // Wait until the server is reading the body (the request was authenticated), then hang up.
      while (!log.lines.some((l) => l.includes('"call":"userinfo"')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      socket.destroy();
      while (!log.lines.some((l) => l.includes('"msg":"request"') && l.includes('/v1/envelopes')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const line = log.lines.find((l) => l.includes('"msg":"request"') && l.includes('/v1/envelopes')) ?? '';
      expect(line).toContain('"status":499');
      expect(log.lines.some((l) => l.includes('"msg":"unhandled"'))).toBe(false);
      expect(log.lines.some((l) => l.includes('client closed the request'))).toBe(true);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      expect(metric(text, 'signbridge_client_aborts_total')).toBe(1);
      expect(text.split('\n').filter((l) => /^signbridge_http_requests_total\{status="5\d\d"\}/.test(l))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('the upload on a real socket (read from the Node request, body-source.ts)', () => {
  test('a document over the limit is answered 413, which the client reads; a document at the limit is sent', async () => {
    const log = memoryLogger();
    const limits = { maxDocumentBytes: 200_000 };
    const server = await startServer({ config: { ...serverConfig(), limits, docusign: { ...serverConfig().docusign, accountServer: '' } }, host: '127.0.0.1', port: 0, databasePath: ':memory:', log });
    try {
      const login = await docusignLogin({ origin: server.config.docusign.accountServer, fetch: (input, init) => fetch(input, init), user: SIM_USERS.alice });
      const post = (bytes: Uint8Array, key: string) =>
        fetch(`${server.url}/v1/envelopes`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${login.accessToken}`, 'Idempotency-Key': key },
          body: envelopeForm(envelopeRequest(), [{ bytes, name: 'Offer.pdf' }]),
        });
      const padded = (size: number) => {
        const out = new Uint8Array(size).fill(0x20);
        const head = pdf();
        out.set(head.subarray(0, Math.min(head.length, size)));
        return out;
      };
      const over = await post(padded(limits.maxDocumentBytes + 1), 'key-socket-over-1');
      expect(over.status).toBe(413);
      expect(await over.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      const at = await post(padded(limits.maxDocumentBytes), 'key-socket-at-001');
      expect(at.status).toBe(201);
      expect(await at.json()).toMatchObject({ documents: [{ bytes: limits.maxDocumentBytes }] });
    } finally {
      await server.close();
    }
  });
});
