/**
 * The metrics an operator scrapes agree with what DocuSign (the simulator) counted itself, on the
 * metrics listener of its own (`SIGNBRIDGE_METRICS_PORT`) while the public listener serves no /metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { EnvelopeResponse } from '../shared/api.ts';
import { docusignLogin, SIM_USERS } from '../../test/support/docusign-login.ts';
import { envelopeForm, envelopeRequest, pdf } from '../../test/support/server-kit.ts';
import { metric } from '../../test/support/metrics-text.ts';
import { configFromEnv } from './config.ts';
import { memoryLogger } from './log.ts';
import { startServer, type RunningServer } from './serve.ts';

const CREATE = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;

describe('metrics on their own listener', () => {
  let running: RunningServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-metrics-'));
    const env = configFromEnv({ SIGNBRIDGE_METRICS_PORT: '0', SIGNBRIDGE_DOCUSIGN_TIMEOUT_MS: '500' }, { version: 'test', databasePath: join(dir, 'db.sqlite') });
    expect(env.metrics).toEqual({ host: '127.0.0.1', port: 0 });
    running = await startServer({ config: env.server, host: '127.0.0.1', port: 0, databasePath: env.databasePath, log: memoryLogger('warn'), simulatorPort: 0, ...(env.metrics ? { metrics: env.metrics } : {}) });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('count what the simulator counted: sends by outcome, calls by operation and status, tokens, Connect', async () => {
    const sim = running.simulator?.sim;
    if (sim === undefined || running.metricsUrl === undefined) throw new Error('simulator and metrics listener expected');
    expect(running.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(`${running.url}/metrics`)).status).toBe(404);
    const { accessToken } = await docusignLogin({ origin: running.config.docusign.accountServer, fetch, user: SIM_USERS.alice, clientId: running.config.docusign.clientId, redirectUri: running.config.docusign.redirectUri });
    sim.control.inject({ method: 'POST', path: CREATE, mode: 'error503', count: 2 });
    sim.control.inject({ method: 'POST', path: CREATE, mode: 'succeed-then-drop', count: 1 });
    sim.control.inject({ method: 'POST', path: CREATE, mode: 'hang', count: 1 });
    const sent: EnvelopeResponse[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${running.url}/v1/envelopes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Idempotency-Key': `key-metrics-${i}000` },
        body: envelopeForm(envelopeRequest(), [{ bytes: pdf(), name: 'A.pdf' }]),
      });
      expect(res.status).toBe(201);
      sent.push((await res.json()) as EnvelopeResponse);
    }
    // A replay, and Connect messages as the signers sign.
    const replay = await fetch(`${running.url}/v1/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Idempotency-Key': 'key-metrics-0000' },
      body: envelopeForm(envelopeRequest(), [{ bytes: pdf(), name: 'A.pdf' }]),
    });
    expect(replay.status).toBe(201);
    for (const envelope of sent.slice(0, 3)) {
      for (const r of envelope.recipients.filter((x) => x.kind === 'signer')) sim.control.actAsRecipient(envelope.envelopeId, r.recipientId, 'sign');
    }
    await sim.control.settle();

    const text = await (await fetch(running.metricsUrl)).text();
    const calls = sim.control.calls();
    const esign = calls.filter((c) => c.kind === 'esign');
    const creates = esign.filter((c) => c.method === 'POST' && CREATE.test(c.path));
    const finds = esign.filter((c) => c.method === 'GET');
    expect(metric(text, 'signbridge_sends_total')).toBe(7);
    expect(metric(text, 'signbridge_sends_total', { outcome: 'replayed' })).toBe(1);
    expect(metric(text, 'signbridge_sends_total', { outcome: 'created' }) + metric(text, 'signbridge_sends_total', { outcome: 'found' })).toBe(sim.control.envelopes().length);
    expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'createEnvelope' })).toBe(creates.length);
    expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'findEnvelope' })).toBe(finds.length);
    for (const status of [201, 503]) {
      expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'createEnvelope', status: String(status) })).toBe(creates.filter((c) => c.status === status && c.fault !== 'succeed-then-drop').length);
    }
    // No answer (status 0): the hang and the lost answer.
    expect(metric(text, 'signbridge_docusign_calls_total', { operation: 'createEnvelope', status: '0' })).toBe(creates.filter((c) => c.fault === 'hang' || c.fault === 'succeed-then-drop').length);
    expect(metric(text, 'signbridge_token_requests_total', { operation: 'userinfo' })).toBe(calls.filter((c) => c.path === '/oauth/userinfo').length);
    const delivered = sim.control.deliveries().filter((d) => d.state === 'delivered').length;
    expect(delivered).toBeGreaterThan(0);
    expect(metric(text, 'signbridge_connect_events_total')).toBe(delivered);
    expect(metric(text, 'signbridge_connect_events_total', { result: 'applied' })).toBeGreaterThan(0);
  });
});
