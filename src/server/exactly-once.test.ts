/**
 * Exactly one envelope per idempotency key, whatever DocuSign's network does: lost answers, 503s,
 * hangs, burst limits, concurrent duplicates and server restarts (against the in-process simulator).
 */
import { afterEach, expect, test } from 'vitest';
import type { ApiErrorBody, EnvelopeResponse } from '../shared/api.ts';
import { describeEachStore } from '../../test/support/postgres.ts';
import { createKit, envelopeRequest, loadDefaultSeed, send, SIM_ACCOUNTS, SIM_ORIGIN } from '../../test/support/server-kit.ts';
import { openStore } from './db/open.ts';
import type { Store } from './store.ts';

const CREATE = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;

async function created(res: Response): Promise<EnvelopeResponse> {
  expect(res.status).toBe(201);
  return (await res.json()) as EnvelopeResponse;
}

describeEachStore('exactly once under faults', (backend) => {
  const opened: Store[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });
  /** A store on `location`, or on a new empty database. */
  const storeAt = async (location?: string): Promise<Store> => {
    const store = openStore(location ?? (await backend.location()));
    opened.push(store);
    await store.ready();
    return store;
  };

  test('the answer is dropped after DocuSign created the envelope: found by request id, not created again', async () => {
    const kit = createKit({ store: await storeAt() });
    const token = await kit.login();
    kit.sim.control.inject({ method: 'POST', path: CREATE, mode: 'succeed-then-drop' });
    const body = await created(await send(kit.app, { token, key: 'key-drop-00001' }));
    const envelopes = kit.sim.control.envelopes();
    expect(envelopes).toHaveLength(1);
    expect(envelopes[0]?.envelopeId).toBe(body.envelopeId);
    const esign = kit.sim.control.calls().filter((c) => c.kind === 'esign');
    expect(esign.map((c) => `${c.method} ${c.fault ?? c.status}`)).toEqual(['POST succeed-then-drop', 'GET 200']);
  });

  test('DocuSign answers 503 twice: retried with backoff, one envelope', async () => {
    const kit = createKit({ store: await storeAt() });
    const token = await kit.login();
    kit.sim.control.inject({ method: 'POST', path: CREATE, mode: 'error503', count: 2 });
    await created(await send(kit.app, { token, key: 'key-503-000001' }));
    expect(kit.sim.control.envelopes()).toHaveLength(1);
    expect(kit.sleeps).toHaveLength(2);
    // Retry-After: 1 was honoured.
    expect(kit.sleeps.every((ms) => ms >= 1000)).toBe(true);
  });

  test('DocuSign hangs: the attempt times out; only looked up until a timeout more has passed, then created once', async () => {
    const kit = createKit({ store: await storeAt() });
    const token = await kit.login();
    kit.sim.control.inject({ method: 'POST', path: CREATE, mode: 'hang' });
    await created(await send(kit.app, { token, key: 'key-hang-00001' }));
    expect(kit.sim.control.envelopes()).toHaveLength(1);
    // Backoffs of 188 and 375 ms (the kit's timeout is 200 ms): the first lookup is too soon to create after.
    expect(kit.sleeps).toEqual([188, 375]);
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign').map((c) => c.method)).toEqual(['POST', 'GET', 'GET', 'POST']);
  });

  test('a create that reaches DocuSign only after the lookup that followed its timeout: one envelope', async () => {
    // The abandoned request was on its way (the scale test saw a loaded DocuSign handle it after our
    // search): here it is held back and handed to the simulator just after the first lookup's answer.
    let held: (() => Promise<unknown>) | undefined;
    let first = true;
    const kit = createKit({
      store: await storeAt(),
      wrapFetch: (fetch) => async (input, init) => {
        const url = input instanceof Request ? input.url : input.toString();
        if (init?.method === 'POST' && CREATE.test(url) && first) {
          first = false;
          const bytes = await new Response(init.body).arrayBuffer();
          held = () => fetch(url, { method: 'POST', body: bytes, ...(init.headers !== undefined ? { headers: init.headers } : {}) });
          const signal = init.signal;
          return new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
        }
        const res = await fetch(input, init);
        if (init?.method === 'GET' && held !== undefined) {
          const late = held;
          held = undefined;
          await late();
        }
        return res;
      },
    });
    const token = await kit.login();
    const body = await created(await send(kit.app, { token, key: 'key-late-00001' }));
    const envelopes = kit.sim.control.envelopes();
    expect(envelopes.map((e) => e.envelopeId)).toEqual([body.envelopeId]);
  });

  test("a retry of a key whose create got no answer only looks until that create's time is up, on any instance", async () => {
    // The scale test under load: a request ran out of attempts while its abandoned create was still on the
    // way; the client's retry (the other instance) looked, found nothing, created, and the late create
    // landed as well. Here: one attempt per request, the create held back and handed to the simulator right
    // after the retry's lookup; the retry must not create, and the third request adopts the late envelope.
    const store = await storeAt();
    let held: (() => Promise<unknown>) | undefined;
    let lookups = 0;
    const wrapFetch = (fetch: typeof globalThis.fetch): typeof globalThis.fetch => async (input, init) => {
      const url = input instanceof Request ? input.url : input.toString();
      if (init?.method === 'POST' && CREATE.test(url) && lookups === 0) {
        const bytes = await new Response(init.body).arrayBuffer();
        held = () => fetch(url, { method: 'POST', body: bytes, ...(init.headers !== undefined ? { headers: init.headers } : {}) });
        const signal = init.signal;
        return new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error)));
      }
      const res = await fetch(input, init);
      if (init?.method === 'GET' && CREATE.test(url.split('?')[0] ?? '')) {
        lookups++;
        if (lookups === 1 && held !== undefined) await held();
      }
      return res;
    };
    const a = createKit({ store, wrapFetch, config: { retry: { attempts: 1 } } });
    const b = createKit({ store, sim: a.sim, wrapFetch, config: { retry: { attempts: 1 } } });
    const token = await a.login();
    const first = await send(a.app, { token, key: 'key-late-00002' });
    expect(first.status).toBe(503);
    const retry = await send(b.app, { token, key: 'key-late-00002' });
    expect(retry.status, 'the retry only looked').toBe(503);
    expect(a.sim.control.envelopes(), 'the late create landed').toHaveLength(1);
    await a.sim.control.advance(250);
    const body = await created(await send(b.app, { token, key: 'key-late-00002' }));
    expect(a.sim.control.envelopes().map((e) => e.envelopeId)).toEqual([body.envelopeId]);
  });

  test('DocuSign refuses with its burst limit: waits out the burst window, then one envelope', async () => {
    const seed = { ...loadDefaultSeed(), limits: { burst: 2 } };
    const kit = createKit({ seed, store: await storeAt() });
    const token = await kit.login();
    // Use up the account's burst window with other calls.
    for (let i = 0; i < 2; i++) {
      await kit.sim.fetch(`${SIM_ORIGIN}/na2/restapi/v2.1/accounts/${SIM_ACCOUNTS.aliceUs}/envelopes?from_date=2026-01-01`, { headers: { authorization: `Bearer ${token}` } });
    }
    await created(await send(kit.app, { token, key: 'key-burst-0001' }));
    expect(kit.sim.control.envelopes()).toHaveLength(1);
    const esign = kit.sim.control.calls().filter((c) => c.kind === 'esign' && c.method === 'POST');
    expect(esign.map((c) => c.errorCode ?? c.status)).toEqual(['BURST_APIINVOCATION_LIMIT_EXCEEDED', 201]);
    expect(kit.sleeps[0]).toBeGreaterThanOrEqual(30_000);
  });

  test('an hourly limit is not retried: 429 with the time it resets', async () => {
    const seed = { ...loadDefaultSeed(), limits: { hourly: 1 } };
    const kit = createKit({ seed, store: await storeAt() });
    const token = await kit.login();
    await created(await send(kit.app, { token, key: 'key-hour-00001' }));
    const res = await send(kit.app, { token, key: 'key-hour-00002' });
    expect(res.status).toBe(429);
    const { error } = (await res.json()) as ApiErrorBody;
    expect(error.code).toBe('docusign_hourly_limit');
    // The simulator's clock stands at 10:00 UTC: the hour resets at 11:00.
    expect(error.message).toContain('11:00 UTC');
    expect(error.retryAt).toBe('2026-11-21T11:00:00.000Z');
    expect(kit.sleeps).toEqual([]);
  });

  test('the same request twice at once: one DocuSign call, the same answer twice', async () => {
    const kit = createKit({ store: await storeAt() });
    const token = await kit.login();
    const [a, b] = await Promise.all([send(kit.app, { token, key: 'key-twin-00001' }), send(kit.app, { token, key: 'key-twin-00001' })]);
    const [first, second] = [await created(a), await created(b)];
    expect(second).toEqual(first);
    expect(kit.sim.control.envelopes()).toHaveLength(1);
    expect(kit.sim.control.calls().filter((c) => c.kind === 'esign' && c.method === 'POST')).toHaveLength(1);
  });

  test('the same key again: the first answer; with a different request: refused', async () => {
    const kit = createKit({ store: await storeAt() });
    const token = await kit.login();
    const first = await created(await send(kit.app, { token, key: 'key-again-0001' }));
    expect(await created(await send(kit.app, { token, key: 'key-again-0001' }))).toEqual(first);
    const other = await send(kit.app, { token, key: 'key-again-0001', request: envelopeRequest({ subject: 'Another envelope' }) });
    expect(other.status).toBe(422);
    expect(((await other.json()) as ApiErrorBody).error.code).toBe('idempotency_key_reused');
    expect(kit.sim.control.envelopes()).toHaveLength(1);
  });

  test('after a server restart: the same request gets the first answer from the store', async () => {
    const path = await backend.location();
    const before = createKit({ store: await storeAt(path) });
    const token = await before.login();
    const first = await created(await send(before.app, { token, key: 'key-restart-01' }));
    const after = createKit({ sim: before.sim, store: await storeAt(path) });
    expect(await created(await send(after.app, { token, key: 'key-restart-01' }))).toEqual(first);
    expect(before.sim.control.envelopes()).toHaveLength(1);
  });

  test('a server that lost the answer and then restarted finds the envelope instead of creating another', async () => {
    const path = await backend.location();
    const before = createKit({ store: await storeAt(path) });
    const token = await before.login();
    // Created, answer lost, and every lookup fails too: the first server gives up.
    before.sim.control.inject({ method: 'POST', path: CREATE, mode: 'succeed-then-drop' });
    before.sim.control.inject({ method: 'GET', path: CREATE, mode: 'drop', count: 100 });
    const lost = await send(before.app, { token, key: 'key-restart-02' });
    expect(lost.status).toBe(503);
    expect(((await lost.json()) as ApiErrorBody).error.code).toBe('docusign_unavailable');
    expect(before.sim.control.envelopes()).toHaveLength(1);
    before.sim.control.clearFaults();
    const after = createKit({ sim: before.sim, store: await storeAt(path) });
    const body = await created(await send(after.app, { token, key: 'key-restart-02' }));
    const envelopes = before.sim.control.envelopes();
    expect(envelopes).toHaveLength(1);
    expect(body.envelopeId).toBe(envelopes[0]?.envelopeId);
  });

  test('two server instances on one database: the second waits (409) while the first is sending, then replays', async () => {
    const path = await backend.location();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reachedCreate: () => void = () => undefined;
    const atCreate = new Promise<void>((resolve) => (reachedCreate = resolve));
    const first = createKit({
      store: await storeAt(path),
      wrapFetch: (inner) => async (input, init) => {
        if (init?.method === 'POST' && new Request(input, { method: 'HEAD' }).url.endsWith('/envelopes')) {
          reachedCreate();
          await gate;
        }
        return inner(input, init);
      },
    });
    const token = await first.login();
    const second = createKit({ sim: first.sim, store: await storeAt(path) });
    const pending = send(first.app, { token, key: 'key-twin-db-01' });
    await atCreate;
    const meanwhile = await send(second.app, { token, key: 'key-twin-db-01' });
    expect(meanwhile.status).toBe(409);
    expect(((await meanwhile.json()) as ApiErrorBody).error.code).toBe('request_in_progress');
    release();
    const body = await created(await pending);
    expect(await created(await send(second.app, { token, key: 'key-twin-db-01' }))).toEqual(body);
    expect(first.sim.control.envelopes()).toHaveLength(1);
  });

  test('an instance that dies right after DocuSign created the envelope: another takes over once its heartbeat runs out', async () => {
    const path = await backend.location();
    const never = new Promise<Response>(() => undefined);
    let created201: () => void = () => undefined;
    const atCreated = new Promise<void>((resolve) => (created201 = resolve));
    // A beats once (at its claim) and then "dies": DocuSign's answer never gets back to it.
    const dying = createKit({
      store: await storeAt(path),
      config: { heartbeat: { ttlMs: 15_000, intervalMs: 3_600_000 } },
      wrapFetch: (inner) => async (input, init) => {
        const res = await inner(input, init);
        if (init?.method === 'POST' && res.status === 201) {
          created201();
          return never;
        }
        return res;
      },
    });
    const token = await dying.login();
    void send(dying.app, { token, key: 'key-dies-00001' });
    await atCreated;
    const other = createKit({ sim: dying.sim, store: await storeAt(path) });
    const meanwhile = await send(other.app, { token, key: 'key-dies-00001' });
    expect(meanwhile.status).toBe(409);
    expect(Number(meanwhile.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The dead instance's heartbeat runs out; the next retry takes the claim over and looks first.
    await dying.sim.control.advance(15_001);
    const body = await created(await send(other.app, { token, key: 'key-dies-00001' }));
    const envelopes = dying.sim.control.envelopes();
    expect(envelopes).toHaveLength(1);
    expect(body.envelopeId).toBe(envelopes[0]?.envelopeId);
    expect(other.log.lines.some((l) => l.includes('took over a claim') && l.includes('owner_dead'))).toBe(true);
  });

  test('200 concurrent sends with distinct keys: 200 envelopes', async () => {
    const kit = createKit({ store: await storeAt() });
    const token = await kit.login();
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => send(kit.app, { token, key: `key-many-${String(i).padStart(5, '0')}` })));
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 200 }, () => 201));
    const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as EnvelopeResponse).envelopeId)));
    expect(ids.size).toBe(200);
    expect(kit.sim.control.envelopes()).toHaveLength(200);
    // One userinfo call for all of them: the identity cache also coalesces concurrent lookups.
    expect(kit.sim.control.calls().filter((c) => c.path === '/oauth/userinfo')).toHaveLength(1);
  }, 60_000);
});
