/**
 * Issue 14: the server's own guards, each with the test that fails without it. A second member of the
 * same DocuSign account cannot start signing on an envelope someone else sent; a request cannot use
 * the custom-field names the server reserves for itself.
 */
import { describe, expect, test } from 'vitest';
import type { ApiErrorBody, EnvelopeResponse } from '../shared/api.ts';
import { createKit, envelopeRequest, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

describe('trust boundaries on the server', () => {
  test("a second member of the same account gets no signing session for someone else's envelope", async () => {
    const kit = createKit();
    kit.sim.control.grantConsent('d4c3f1b5-7e0a-4f4c-8b6d-9a5e8c1f3d44', '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83', ['signature', 'extended']);
    const [bob, carol] = [await kit.login('bob'), await kit.login('carol')];
    const sent = await send(kit.app, { token: bob, key: 'key-owner-0001', request: envelopeRequest({ accountId: SIM_ACCOUNTS.bob }) });
    expect(sent.status).toBe(201);
    const envelope = (await sent.json()) as EnvelopeResponse;
    const signer = envelope.recipients.find((r) => r.signsNow);
    const ask = (token: string) =>
      Promise.resolve(
        kit.app.request(`/v1/envelopes/${envelope.envelopeId}/signing-sessions`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ accountId: SIM_ACCOUNTS.bob, recipientId: signer?.recipientId }),
        }),
      );
    const refused = await ask(carol);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as ApiErrorBody).error.code).toBe('not_found');
    // The owner still can: the refusal is about who asks, not about the envelope.
    expect((await ask(bob)).status).toBe(201);
  });

  test('a request may not use the reserved signbridge_ custom-field names', async () => {
    const kit = createKit();
    const token = await kit.login();
    for (const name of ['signbridge_request_id', 'SignBridge_anything']) {
      const res = await send(kit.app, { token, key: `key-reserved-${name.length}`, request: envelopeRequest({ fields: [{ name, value: 'x' }] }) });
      expect(res.status, name).toBe(400);
      expect(((await res.json()) as ApiErrorBody).error.message).toContain('reserved');
    }
    expect(kit.sim.control.envelopes()).toEqual([]);
  });
});
