/** The go-live audit: 20 clean calls with no polling pass; polling and errors show up by code. */
import { describe, expect, test } from 'vitest';
import { createSim, makePdf } from './index.ts';
import { ACCOUNTS, api, embeddedEnvelope, ORIGIN, pdfBase64, PUBLIC_KEY, tokenFor, USERS } from './test-helpers.ts';

describe('go-live audit', () => {
  test('a run of 20 clean calls without polling is eligible', async () => {
    const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
    const us = api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs);
    for (let i = 0; i < 10; i++) {
      const { envelopeId } = (await (await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1))))).json()) as { envelopeId: string };
      expect((await us.call('GET', `/envelopes/${envelopeId}`)).status).toBe(200); // one read per envelope
    }
    expect(sim.control.audit(PUBLIC_KEY)).toEqual({
      clientId: PUBLIC_KEY,
      calls: 20,
      successes: 20,
      errors: 0,
      pollingViolations: 0,
      statusReads: 10,
      longestCleanRun: 20,
      eligible: true,
      errorsByCode: {},
    });
  });

  test('polling and errors are counted and break the clean run', async () => {
    const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
    const us = api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs);
    const { envelopeId } = (await (await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1))))).json()) as { envelopeId: string };
    await us.call('GET', `/envelopes/${envelopeId}`);
    await us.call('GET', `/envelopes/${envelopeId}`);
    await us.call('POST', '/envelopes', { documents: 'nope' });
    const audit = sim.control.audit(PUBLIC_KEY);
    expect(audit).toMatchObject({ calls: 4, errors: 1, pollingViolations: 1, statusReads: 2, longestCleanRun: 2, eligible: false, errorsByCode: { INVALID_REQUEST_BODY: 1 } });
    const viaRoute: unknown = await (await sim.fetch(`${ORIGIN}/_sim/audit/${PUBLIC_KEY}`)).json();
    expect(viaRoute).toEqual(audit);
  });
});
