/**
 * Issue 14, finding 7: a signing tab's return page says `event=signing_complete` to anyone who opens
 * that URL, so the outcome the extension shows is DocuSign's own: `POST /v1/envelopes/{id}/signing-outcome`
 * answers the captive signer's status from what Connect reported, or from one recipients read.
 */
import { describe, expect, test } from 'vitest';
import type { EnvelopeResponse, SigningOutcomeResponse } from '../shared/api.ts';
import { createConnectKit } from '../../test/support/connect-kit.ts';
import { createKit, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

type Kit = ReturnType<typeof createKit>;

async function sent(kit: Kit, token: string, key: string) {
  const res = await send(kit.app, { token, key });
  expect(res.status).toBe(201);
  const envelope = (await res.json()) as EnvelopeResponse;
  const signer = envelope.recipients.find((r) => r.signsNow)?.recipientId ?? '';
  return { envelopeId: envelope.envelopeId, signer };
}

async function outcome(kit: Kit, token: string, envelopeId: string, recipientId: string): Promise<{ status: number; body: unknown }> {
  const res = await kit.app.request(`/v1/envelopes/${envelopeId}/signing-outcome`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ accountId: SIM_ACCOUNTS.aliceUs, recipientId }),
  });
  return { status: res.status, body: await res.json() };
}

const recipientReads = (kit: Kit) => kit.sim.control.calls().filter((c) => /\/envelopes\/[^/]+\/recipients$/.test(c.path) && c.method === 'GET').length;

describe('the outcome of a signing is DocuSign’s', () => {
  test('not signed yet (a forged return): not completed; signed: completed; each answer one recipients read', async () => {
    const kit = createKit();
    const token = await kit.login();
    const { envelopeId, signer } = await sent(kit, token, 'key-outcome-01');
    const before = await outcome(kit, token, envelopeId, signer);
    expect(before.status).toBe(200);
    expect((before.body as SigningOutcomeResponse).status).not.toMatch(/^(completed|declined)$/);
    expect(recipientReads(kit)).toBe(1);
    kit.sim.control.actAsRecipient(envelopeId, signer, 'sign');
    expect(await outcome(kit, token, envelopeId, signer)).toEqual({ status: 200, body: { status: 'completed' } });
    expect(recipientReads(kit)).toBe(2);
  });

  test('declined is declined', async () => {
    const kit = createKit();
    const token = await kit.login();
    const { envelopeId, signer } = await sent(kit, token, 'key-outcome-02');
    kit.sim.control.actAsRecipient(envelopeId, signer, 'decline');
    expect(await outcome(kit, token, envelopeId, signer)).toEqual({ status: 200, body: { status: 'declined' } });
  });

  test('what Connect already reported is answered without asking DocuSign', async () => {
    const kit = createConnectKit();
    const token = await kit.login();
    const { envelopeId, signer } = await sent(kit, token, 'key-outcome-03');
    kit.sim.control.actAsRecipient(envelopeId, signer, 'sign');
    await kit.sim.control.settle();
    expect(await outcome(kit, token, envelopeId, signer)).toEqual({ status: 200, body: { status: 'completed' } });
    expect(recipientReads(kit)).toBe(0);
  });

  test('only for the sender’s own envelope and a captive signer', async () => {
    const kit = createKit();
    const token = await kit.login('alice');
    const { envelopeId, signer } = await sent(kit, token, 'key-outcome-04');
    const bob = await kit.login('bob');
    expect((await outcome(kit, bob, envelopeId, signer)).status).toBe(403);
    expect((await outcome(kit, token, envelopeId, '2')).status).toBe(409);
    expect(recipientReads(kit)).toBe(0);
  });
});
