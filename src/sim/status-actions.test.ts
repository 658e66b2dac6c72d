/**
 * What SignBridge's status panel asks of DocuSign, and what the test's hands do for e-mail signers:
 * resend (remind), void, the combined PDF with its certificate, signing as a recipient through the
 * control routes. Bodies are checked against the official eSignature spec (closed objects).
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { createSim, makePdf, type Sim } from './index.ts';
import { countPages } from './pdf.ts';
import { ACCOUNTS, api, embeddedEnvelope, ORIGIN, pdfBase64, PUBLIC_KEY, tokenFor, USERS } from './test-helpers.ts';
import { describeWithSpec, validateAgainstSpec } from '../../test/support/esign-spec.ts';

/** An envelope for two e-mail signers (no clientUserId), in routing order 1 and 2. */
const emailEnvelope = () =>
  embeddedEnvelope(pdfBase64(makePdf(2)), {
    recipients: {
      signers: [
        { recipientId: '1', routingOrder: '1', email: 'dana@example.org', name: 'Dana Doe' },
        { recipientId: '2', routingOrder: '2', email: 'eve@example.org', name: 'Eve Ek' },
      ],
    },
  });

let sim: Sim;
let us: ReturnType<typeof api>;
let envelopeId: string;

beforeEach(async () => {
  sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  us = api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs);
  const res = await us.call('POST', '/envelopes', emailEnvelope());
  ({ envelopeId } = (await res.json()) as { envelopeId: string });
});

const remind = (ids: string[], query = '?resend_envelope=true') =>
  us.call('PUT', `/envelopes/${envelopeId}/recipients${query}`, { signers: ids.map((recipientId) => ({ recipientId })) });
const envelope = () => sim.control.envelopes().find((e) => e.envelopeId === envelopeId);

describe('signing as an e-mail recipient (control)', () => {
  test('open, then sign in routing order, completes the envelope', () => {
    expect(sim.control.actAsRecipient(envelopeId, '2', 'sign')).toBe(false); // not yet their turn
    expect(sim.control.actAsRecipient(envelopeId, '1', 'open')).toBe(true);
    expect(envelope()?.recipients.signers[0]?.status).toBe('delivered');
    expect(sim.control.actAsRecipient(envelopeId, '1', 'sign')).toBe(true);
    expect(envelope()?.status).toBe('sent');
    expect(sim.control.actAsRecipient(envelopeId, '2', 'sign')).toBe(true);
    expect(envelope()?.status).toBe('completed');
    expect(sim.control.actAsRecipient(envelopeId, '2', 'sign')).toBe(false);
  });

  test('the same over /_sim, which a web page cannot drive', async () => {
    const path = `${ORIGIN}/_sim/envelopes/${envelopeId}/recipients/1/decline`;
    const json = { 'content-type': 'application/json' };
    const crossSite = await sim.fetch(path, { method: 'POST', headers: { ...json, 'sec-fetch-site': 'cross-site' }, body: '{}' });
    expect(crossSite.status).toBe(403);
    expect(envelope()?.status).toBe('sent');
    const res = await sim.fetch(path, { method: 'POST', headers: json, body: JSON.stringify({ reason: 'Wrong price' }) });
    expect(res.status).toBe(200);
    expect(envelope()).toMatchObject({ status: 'declined', recipients: { signers: [{ status: 'declined', declinedReason: 'Wrong price' }, {}] } });
    expect((await sim.fetch(path, { method: 'POST', headers: json, body: '{}' })).status).toBe(409);
    expect((await sim.fetch(`${ORIGIN}/_sim/envelopes/${envelopeId}/recipients/1/explode`, { method: 'POST', headers: json, body: '{}' })).status).toBe(400);
  });
});

describe('resend (remind)', () => {
  test('records a reminder to the current signer; a finished or unknown recipient fails in its result', async () => {
    const res = await remind(['1', '2', '9']);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { recipientUpdateResults: { recipientId: string; errorDetails?: { errorCode: string } }[] };
    expect(body.recipientUpdateResults.map((r) => [r.recipientId, r.errorDetails?.errorCode])).toEqual([
      ['1', undefined],
      ['2', 'RECIPIENT_UPDATE_FAILED'], // not sent yet: routing order 2
      ['9', 'UNKNOWN_ENVELOPE_RECIPIENT'],
    ]);
    expect(sim.control.resends()).toEqual([{ envelopeId, recipientId: '1', email: 'dana@example.org', at: sim.control.now() }]);
    expect(await (await sim.fetch(`${ORIGIN}/_sim/resends`)).json()).toEqual(sim.control.resends());
  });

  test('a voided, completed or declined envelope is refused, and nothing is sent', async () => {
    expect((await us.call('PUT', `/envelopes/${envelopeId}`, { status: 'voided', voidedReason: 'Wrong contract' })).status).toBe(200);
    const res = await remind(['1']);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errorCode: 'ENVELOPE_INVALID_STATUS' });
    expect(sim.control.resends()).toEqual([]);
  });

  test('without resend_envelope=true, or without recipients, it is refused', async () => {
    expect(await (await remind(['1'], '')).json()).toMatchObject({ errorCode: 'SIMULATOR_UNSUPPORTED' });
    expect((await remind([])).status).toBe(400);
    expect(sim.control.resends()).toEqual([]);
  });

  test('another user of the account may not remind; the sender needs a token', async () => {
    const bob = api(sim, await tokenFor(sim, USERS.bob), ACCOUNTS.aliceUs);
    expect((await bob.call('PUT', `/envelopes/${envelopeId}/recipients?resend_envelope=true`, { signers: [{ recipientId: '1' }] })).status).toBe(400);
    expect(sim.control.resends()).toEqual([]);
  });
});

describe('void', () => {
  test('voids with the reason; a completed envelope cannot be voided', async () => {
    sim.control.actAsRecipient(envelopeId, '1', 'sign');
    sim.control.actAsRecipient(envelopeId, '2', 'sign');
    const res = await us.call('PUT', `/envelopes/${envelopeId}`, { status: 'voided', voidedReason: 'Too late' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errorCode: 'ENVELOPE_CANNOT_VOID_INVALID_STATE' });
    expect(envelope()?.status).toBe('completed');
  });
});

describe('combined document', () => {
  test('carries the certificate of completion unless certificate=false', async () => {
    const pages = async (query: string) => countPages(new Uint8Array(await (await us.call('GET', `/envelopes/${envelopeId}/documents/combined${query}`)).arrayBuffer()));
    expect(await pages('?certificate=true')).toBe(3);
    expect(await pages('')).toBe(3);
    expect(await pages('?certificate=false')).toBe(2);
  });
});

describe('audit', () => {
  test('counts envelope status reads', async () => {
    expect(sim.control.audit(PUBLIC_KEY).statusReads).toBe(0);
    await us.call('GET', `/envelopes/${envelopeId}`);
    await us.call('GET', `/envelopes/${envelopeId}/recipients`);
    await us.call('GET', '/envelopes?from_date=2026-01-01');
    await us.call('GET', `/envelopes/${envelopeId}/documents/combined`);
    expect(sim.control.audit(PUBLIC_KEY).statusReads).toBe(3);
  });
});

describeWithSpec('resend bodies against the official spec', () => {
  test('request is `recipients`, answer is `recipientsUpdateSummary`', async () => {
    const request = { signers: [{ recipientId: '1' }] };
    expect(validateAgainstSpec('recipients', request)).toEqual([]);
    const res = await remind(['1', '2']);
    expect(validateAgainstSpec('recipientsUpdateSummary', await res.json())).toEqual([]);
    const refused = await us.call('PUT', `/envelopes/${envelopeId}/recipients`, request);
    expect(validateAgainstSpec('errorDetails', await refused.json())).toEqual([]);
    expect(validateAgainstSpec('recipientsUpdateSummary', { recipientUpdateResults: [{ invented: 1 }] })).not.toEqual([]);
  }, 60_000);
});
