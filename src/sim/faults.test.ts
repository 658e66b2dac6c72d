/** Injected faults as clients see them: in-process through sim.fetch, and on real sockets. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSim, makePdf, startSimServer, type Sim, type SimServer } from './index.ts';
import { ACCOUNTS, api, embeddedEnvelope, ORIGIN, pdfBase64, tokenFor, USERS } from './test-helpers.ts';

const BODY = embeddedEnvelope(pdfBase64(makePdf(1)));
const ENVELOPES = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;

async function inProcess() {
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  return { sim, us: api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs) };
}

describe('faults through sim.fetch', () => {
  test('error500 and error503 answer for the next N matching calls, then the route works', async () => {
    const { sim, us } = await inProcess();
    sim.control.inject({ method: 'POST', path: ENVELOPES, mode: 'error503', count: 2 });
    expect((await us.call('GET', '/templates')).status).toBe(200); // another route is untouched
    expect((await us.call('POST', '/envelopes', BODY)).status).toBe(503);
    expect((await us.call('POST', '/envelopes', BODY)).status).toBe(503);
    expect((await us.call('POST', '/envelopes', BODY)).status).toBe(201);
    sim.control.inject({ path: `/na2/restapi/v2.1/accounts/${ACCOUNTS.aliceUs.id}/templates`, mode: 'error500' });
    const res = await us.call('GET', '/templates');
    expect([res.status, await res.json()]).toEqual([500, { errorCode: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.' }]);
    expect(sim.control.envelopes()).toHaveLength(1);
  });

  test("'drop' rejects like a network error and creates nothing; 'succeed-then-drop' rejects but the envelope exists", async () => {
    const { sim, us } = await inProcess();
    sim.control.inject({ method: 'POST', path: ENVELOPES, mode: 'drop' });
    await expect(us.call('POST', '/envelopes', BODY)).rejects.toThrow(new TypeError('fetch failed'));
    expect(sim.control.envelopes()).toHaveLength(0);
    sim.control.inject({ method: 'POST', path: ENVELOPES, mode: 'succeed-then-drop' });
    await expect(us.call('POST', '/envelopes', BODY)).rejects.toThrow(TypeError);
    expect(sim.control.envelopes()).toHaveLength(1);
    expect(sim.control.calls().filter((c) => c.fault).map((c) => [c.fault, c.status])).toEqual([
      ['drop', 0],
      ['succeed-then-drop', 201],
    ]);
  });

  test("'hang' never settles until the caller aborts", async () => {
    const { sim, us } = await inProcess();
    sim.control.inject({ path: ENVELOPES, mode: 'hang' });
    const controller = new AbortController();
    let settled = false;
    const pending = sim.fetch(`${us.base}/envelopes`, { signal: controller.signal }).finally(() => {
      settled = true;
    });
    expect((await us.call('GET', '/templates')).status).toBe(200);
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  test("'hang' still ends on the caller's abort after a garbage collection", async () => {
    // The Request sim.fetch builds follows the caller's signal through a weak reference only; a hang that
    // listened on it was collected with it, and the server's timeout then never ended the call.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { sim, us } = await inProcess();
    sim.control.inject({ path: ENVELOPES, mode: 'hang' });
    const controller = new AbortController();
    let outcome = 'pending';
    void sim.fetch(`${us.base}/envelopes`, { signal: controller.signal }).then(
      () => (outcome = 'answered'),
      (error: Error) => (outcome = error.name),
    );
    expect((await us.call('GET', '/templates')).status).toBe(200);
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    controller.abort();
    await expect.poll(() => outcome, { timeout: 5_000 }).toBe('AbortError');
  });

  test('the /_sim/faults route injects and clears faults', async () => {
    const { sim, us } = await inProcess();
    const prefix = `${new URL(us.base).pathname}/templates`;
    const add = await sim.fetch(`${ORIGIN}/_sim/faults`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ pathPrefix: prefix, mode: 'error500', count: 5 }) });
    expect(add.status).toBe(201);
    expect((await us.call('GET', '/templates')).status).toBe(500);
    expect((await us.call('GET', '/envelopes?from_date=2026-01-01')).status).toBe(200);
    expect((await sim.fetch(`${ORIGIN}/_sim/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await us.call('GET', '/templates')).status).toBe(200);
    const bad = await sim.fetch(`${ORIGIN}/_sim/faults`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ path: '/x', mode: 'explode' }) });
    expect(bad.status).toBe(400);
  });

  test('no regular expression from a request is compiled: pathRegex is refused', async () => {
    const { sim, us } = await inProcess();
    // A catastrophic-backtracking pattern a caller could otherwise make the simulator run on every request.
    const evil = await sim.fetch(`${ORIGIN}/_sim/faults`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ pathRegex: '^(a+)+$', mode: 'error500' }) });
    expect(evil.status).toBe(400);
    expect(await evil.text()).toContain('pathPrefix');
    expect((await us.call('GET', '/templates')).status).toBe(200);
  });

  test('the Connect control route publishes to this computer only', async () => {
    const { sim } = await inProcess();
    const post = (urlToPublishTo: string) =>
      sim.fetch(`${ORIGIN}/_sim/accounts/${ACCOUNTS.aliceUs.id}/connect`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ urlToPublishTo, events: ['envelope-sent'] }) });
    expect((await post('https://intranet.example/hook')).status).toBe(400);
    expect((await post('http://169.254.169.254/latest/meta-data')).status).toBe(400);
    expect((await post('http://127.0.0.1:9/hook')).status).toBe(201);
  });

  test('web pages cannot drive the control routes', async () => {
    const { sim } = await inProcess();
    const fault = JSON.stringify({ path: '/templates', mode: 'error500' });
    // What a form or a no-cors fetch from any website can send without a preflight: a text/plain POST.
    const simple = await sim.fetch(`${ORIGIN}/_sim/faults`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: fault });
    expect(simple.status).toBe(415);
    const crossSite = await sim.fetch(`${ORIGIN}/_sim/faults`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'Sec-Fetch-Site': 'cross-site' },
      body: fault,
    });
    expect(crossSite.status).toBe(403);
    expect((await sim.fetch(`${ORIGIN}/_sim/audit/x`, { headers: { 'Sec-Fetch-Site': 'same-site' } })).status).toBe(403);
  });
});

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe('faults on real sockets', () => {
  let server: SimServer;
  let sim: Sim;
  let us: ReturnType<typeof api>;
  beforeAll(async () => {
    server = await startSimServer({ port: 0 });
    sim = server.sim;
    const token = await tokenFor(sim, USERS.alice, 'signature extended', server.origin);
    const base = `${server.origin}/na2/restapi/v2.1/accounts/${ACCOUNTS.aliceUs.id}`;
    us = {
      base,
      call: (method: string, path: string, body?: unknown) =>
        fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
    };
  });
  afterAll(() => server.close());

  test("'drop' destroys the socket; 'succeed-then-drop' too, after the envelope was created", async () => {
    sim.control.inject({ method: 'POST', path: ENVELOPES, mode: 'drop' });
    await expect(us.call('POST', '/envelopes', BODY)).rejects.toThrow(TypeError);
    const before = sim.control.envelopes().length;
    sim.control.inject({ method: 'POST', path: ENVELOPES, mode: 'succeed-then-drop' });
    await expect(us.call('POST', '/envelopes', BODY)).rejects.toThrow(TypeError);
    expect(sim.control.envelopes()).toHaveLength(before + 1);
    expect((await us.call('POST', '/envelopes', BODY)).status).toBe(201);
  });

  test("'hang' never answers while other requests are served; the client's abort ends it", async () => {
    sim.control.inject({ method: 'GET', path: /\/templates$/, mode: 'hang' });
    const controller = new AbortController();
    let settled = false;
    const pending = fetch(`${us.base}/templates`, { headers: { authorization: 'Bearer x' }, signal: controller.signal }).finally(() => {
      settled = true;
    });
    expect((await us.call('POST', '/envelopes', BODY)).status).toBe(201);
    expect(settled).toBe(false);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });
});
