/**
 * SIGTERM during 50 sends in flight (a real `npm run server` process, the simulator on a socket): every
 * send is answered (201, or 503 `server_shutting_down` for the ones the grace period could not finish),
 * the released ones are taken over by the restarted instance at once, and the simulator holds each
 * envelope exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { sendUntilAnswered, simToken, startFaultySim, startServerChild, type CallPlan, type SendRecord } from '../support/scale-kit.ts';

const CREATE = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;
const SENDS = 50;

const dir = mkdtempSync(join(tmpdir(), 'sb-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('SIGTERM with 50 sends in flight: each answered or retried, none lost, none doubled', async () => {
  // The first 50 creates: 20 slow (done within the grace period), 20 hang (released when it runs out),
  // 10 slow and their answer lost after the envelope was made (in flight past the grace period).
  let creates = 0;
  const sim = await startFaultySim(({ method, path }): CallPlan | undefined => {
    if (method !== 'POST' || !CREATE.test(path)) return undefined;
    const n = creates++;
    if (n >= SENDS) return undefined;
    if (n % 5 === 0 || n % 5 === 1) return { delayMs: 1500 };
    if (n % 5 === 2 || n % 5 === 3) return { mode: 'hang' };
    return { delayMs: 3500, mode: 'succeed-then-drop' };
  });
  const database = join(dir, 'signbridge.sqlite');
  const env = { SIGNBRIDGE_SHUTDOWN_GRACE_MS: '2000', SIGNBRIDGE_DOCUSIGN_TIMEOUT_MS: '5000' };
  const first = await startServerChild({ simOrigin: sim.origin, database, env });
  let second: Awaited<ReturnType<typeof startServerChild>> | undefined;
  try {
    const token = await simToken(sim.origin);
    const sends: Promise<SendRecord>[] = [];
    for (let i = 0; i < SENDS; i++) sends.push(sendUntilAnswered(first.url, token, `key-term-${String(i).padStart(4, '0')}`, `Term ${i}`));
    const deadline = Date.now() + 60_000;
    while (creates < SENDS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(creates).toBe(SENDS);

    first.signal('SIGTERM');
    expect(await first.exited).toBe(0);
    // The same host comes back (a rolling restart); the clients have been retrying meanwhile.
    second = await startServerChild({ simOrigin: sim.origin, database, port: first.port, env });
    const records = await Promise.all(sends);

    const envelopes = sim.sim.control.envelopes();
    expect(envelopes).toHaveLength(SENDS);
    expect(new Set(envelopes.map((e) => e.emailSubject)).size).toBe(SENDS);
    expect(new Set(records.map((r) => r.envelopeId))).toEqual(new Set(envelopes.map((e) => e.envelopeId)));
    // Every request in flight at SIGTERM got an answer (none cut off), and a released claim was free at
    // once: nobody was told "in progress" while the dead owner's heartbeat ran out.
    const firstAnswers = records.map((r) => r.statuses[0]);
    expect(firstAnswers.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    expect(firstAnswers.filter((s) => s === 201).length).toBeGreaterThanOrEqual(20);
    expect(firstAnswers.filter((s) => s === 503).length).toBeGreaterThanOrEqual(20);
    expect(records.flatMap((r) => r.statuses).filter((s) => s === 409)).toEqual([]);

    const log = first.lines.map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string }).msg : l));
    const order = ['shutting down: draining', 'shutting down: listener closed', 'shutting down: grace period over, releasing the sends still running', 'shut down'];
    expect(log.filter((m) => order.includes(m))).toEqual(order);
  } finally {
    second?.signal('SIGKILL');
    first.signal('SIGKILL');
    await sim.close();
  }
}, 120_000);
