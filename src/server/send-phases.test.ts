/** The per-phase timing of a send: nested phases count for themselves only; a created send is observed. */
import { describe, expect, test } from 'vitest';
import { metric } from '../../test/support/metrics-text.ts';
import { createKit, send } from '../../test/support/server-kit.ts';
import { SEND_PHASES, sendPhases } from './send-phases.ts';

describe('send phases', () => {
  test('a phase inside another is taken out of the outer one', async () => {
    let clock = 0;
    const phases = sendPhases(() => clock);
    await phases.time('docusign', async () => {
      clock += 10;
      await phases.time('store', () => {
        clock += 3;
        return Promise.resolve();
      });
      clock += 5;
    });
    phases.timeSync('build', () => (clock += 2));
    phases.timeSync('build', () => (clock += 1));
    expect(Object.fromEntries(phases.spent())).toEqual({ docusign: 0.015, store: 0.003, build: 0.003 });
  });

  test('a phase that throws is still counted', async () => {
    let clock = 0;
    const phases = sendPhases(() => clock);
    await expect(
      phases.time('upload', () => {
        clock += 4;
        return Promise.reject(new Error('client went away'));
      }),
    ).rejects.toThrow('client went away');
    expect(phases.spent().get('upload')).toBe(0.004);
  });

  test('a created envelope is observed once in every phase; a replay is not', async () => {
    const kit = createKit();
    const token = await kit.login();
    expect((await send(kit.app, { token, key: 'key-phases-0001' })).status).toBe(201);
    expect((await send(kit.app, { token, key: 'key-phases-0001' })).status).toBe(201);
    const text = await (await kit.app.request('/metrics')).text();
    for (const phase of SEND_PHASES) {
      expect(metric(text, 'signbridge_send_phase_seconds_count', { phase }), phase).toBe(1);
      expect(metric(text, 'signbridge_send_phase_seconds_sum', { phase }), phase).toBeGreaterThan(0);
    }
  });
});
