/** The server on a real socket with the simulator beside it, as `npm run server` runs it with no configuration. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ConfigResponse, EnvelopeResponse } from '../shared/api.ts';
import type { EnvelopeStatusView } from '../shared/status-api.ts';
import { docusignLogin, SIM_USERS } from '../../test/support/docusign-login.ts';
import { envelopeForm, envelopeRequest, pdf } from '../../test/support/server-kit.ts';
import { configFromEnv } from './config.ts';
import { memoryLogger } from './log.ts';
import { startServer, type RunningServer } from './serve.ts';

describe('startServer with no DocuSign configuration', () => {
  let running: RunningServer;
  let dir: string;
  const log = memoryLogger();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sb-serve-'));
    const env = configFromEnv({}, { version: 'test', databasePath: join(dir, 'db.sqlite') });
    running = await startServer({ config: env.server, host: '127.0.0.1', port: 0, databasePath: env.databasePath, log, simulatorPort: 0 });
  });
  afterAll(async () => {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs against the simulator, over HTTP, end to end', async () => {
    expect(running.simulator).toBeDefined();
    const res = await fetch(`${running.url}/v1/config`, { headers: { Origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const config = (await res.json()) as ConfigResponse;
    expect(config.accountServer).toBe(running.simulator?.origin);
    expect(config.redirectUri).toBe(`${running.url}/oauth/callback`);

    const { accessToken } = await docusignLogin({ origin: config.accountServer, fetch, user: SIM_USERS.alice, clientId: config.clientId, redirectUri: config.redirectUri });
    const sent = await fetch(`${running.url}/v1/envelopes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Idempotency-Key': 'key-serve-0001' },
      body: envelopeForm(envelopeRequest(), [{ bytes: pdf(), name: 'Offer.pdf' }]),
    });
    expect(sent.status).toBe(201);
    const body = (await sent.json()) as EnvelopeResponse;
    expect(running.simulator?.sim.control.envelopes().map((e) => e.envelopeId)).toEqual([body.envelopeId]);
    expect(log.lines.join('\n')).not.toContain(accessToken);

    // Connect over real sockets with the simulator's own keys: an e-mail signer signs, the status says so.
    const sim = running.simulator?.sim;
    if (!sim) throw new Error('no simulator');
    expect(sim.control.envelopes()[0]?.eventNotification?.url).toBe(`${running.url}/connect/docusign`);
    const status = async () =>
      (await (await fetch(`${running.url}/v1/envelopes/${body.envelopeId}`, { headers: { Authorization: `Bearer ${accessToken}` } })).json()) as EnvelopeStatusView;
    for (const r of body.recipients.filter((x) => x.kind === 'signer')) sim.control.actAsRecipient(body.envelopeId, r.recipientId, 'sign');
    await sim.control.settle();
    expect(sim.control.deliveries().every((d) => d.state === 'delivered')).toBe(true);
    expect(await status()).toMatchObject({ status: 'completed' });
  });
});
