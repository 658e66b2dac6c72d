/** The go-live report against the simulator: SignBridge's send flow passes; a flow that polls fails naming it; production is refused. */
import { describe, expect, test } from 'vitest';
import { simulatorEnvironment } from './environment.ts';
import { runGoLive, type GoLiveFlow } from './golive.ts';
import { serverSend } from './server-send.ts';
import { ADAMS, adminDeps, adminSim, JWT_CLIENT_ID, SIM_ORIGIN } from './test-kit.ts';

const send = serverSend(simulatorEnvironment(SIM_ORIGIN), 'http://127.0.0.1:8787');

describe('go-live report', () => {
  test('SignBridge’s send flow: 20 clean eSignature calls, no errors, no polling', async () => {
    const sim = adminSim();
    const result = await runGoLive(ADAMS, adminDeps(sim), { sendThroughServer: send });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.checks.map((c) => [c.id, c.passed])).toEqual([['consecutive_clean_calls', true], ['no_errors', true], ['no_polling', true]]);
    expect(result.value.passed).toBe(true);
    expect(result.value.calls).toHaveLength(20);
    expect(new Set(result.value.calls.map((c) => `${c.method} ${c.path} ${c.status}`))).toEqual(new Set(['POST /v2.1/accounts/{accountId}/envelopes 201']));
    // The simulator's own go-live audit of the key agrees.
    expect(sim.control.audit(JWT_CLIENT_ID)).toMatchObject({ eligible: true, pollingViolations: 0, errors: 0 });
  });

  test('a flow that polls an envelope’s status fails, naming the polling', async () => {
    const sim = adminSim();
    const polling: GoLiveFlow = async (actions, calls) => {
      const id = await actions.send(1);
      for (let n = 2; n <= calls; n++) await actions.send(n);
      await actions.get(`/envelopes/${id ?? ''}`);
      await actions.get(`/envelopes/${id ?? ''}`);
    };
    const result = await runGoLive(ADAMS, adminDeps(sim), { sendThroughServer: send, flow: polling });
    if (!result.ok) throw new Error(result.message);
    expect(result.value.passed).toBe(false);
    const failed = result.value.checks.filter((c) => !c.passed);
    expect(failed.map((c) => c.id)).toEqual(['no_polling']);
    expect(failed[0]?.detail).toMatch(/Envelope status polled: 1 read/);
    expect(failed[0]?.fix).toMatch(/Connect/);
  });

  test('refuses production, making no call', async () => {
    const sim = adminSim();
    const result = await runGoLive({ ...ADAMS, environment: 'production' }, adminDeps(sim), { sendThroughServer: send });
    expect(result).toMatchObject({ ok: false, code: 'production_refused' });
    expect(sim.control.calls()).toHaveLength(0);
  });
});
