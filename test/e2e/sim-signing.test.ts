/**
 * The simulator's signing page in Chromium: sign, decline, finish later, a dead URL and a reused URL.
 * The page is a normal web page; the extension loaded by the harness plays no part here.
 */
import { expect } from 'vitest';
import { makePdf, startSimServer, type SimServer } from '../../src/sim/index.ts';
import { ACCOUNTS, embeddedEnvelope, pdfBase64, tokenFor, USERS } from '../../src/sim/test-helpers.ts';
import { bounded, describeInBrowser, test } from './harness.ts';

interface Signing {
  server: SimServer;
  envelopeId: string;
  url: string;
}

async function newSigning(returnUrl: string): Promise<Signing> {
  const server = await startSimServer({ port: 0 });
  const { sim, origin } = server;
  const token = await tokenFor(sim, USERS.alice, 'signature', origin);
  const base = `${origin}/na2/restapi/v2.1/accounts/${ACCOUNTS.aliceUs.id}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${base}/envelopes`, { method: 'POST', headers, signal: AbortSignal.timeout(10_000), body: JSON.stringify(embeddedEnvelope(pdfBase64(makePdf(3, 'Offer')))) });
  const { envelopeId } = (await created.json()) as { envelopeId: string };
  const view = await fetch(`${base}/envelopes/${envelopeId}/views/recipient`, {
    method: 'POST',
    headers,
    signal: AbortSignal.timeout(10_000),
    body: JSON.stringify({ returnUrl, authenticationMethod: 'none', clientUserId: 'crm-contact-42', userName: 'Dana Doe', email: 'dana@example.org' }),
  });
  const { url } = (await view.json()) as { url: string };
  return { server, envelopeId, url };
}

const statusOf = (s: Signing) => s.server.sim.control.envelopes().find((e) => e.envelopeId === s.envelopeId);

describeInBrowser('simulator signing page', () => {
  test('Sign: shows the document and page count, completes the envelope, returns signing_complete', async ({ harness, pages }) => {
    const signing = await newSigning(pages.url('plain.html'));
    const page = await bounded(harness.context.newPage(), 'opening a page');
    try {
      await page.goto(signing.url);
      await expect.poll(() => page.getByText('Contract.pdf').count()).toBe(1);
      expect(await page.locator('.doc-pages').textContent()).toBe('3');
      await page.getByRole('button', { name: 'Sign', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('event') === 'signing_complete');
      expect(new URL(page.url()).pathname).toBe('/plain.html');
      expect(statusOf(signing)?.status).toBe('completed');
    } finally {
      await bounded(page.close(), 'closing the page');
      await bounded(signing.server.close(), 'closing the simulator');
    }
  });

  test('Decline returns decline; Finish later returns cancel', async ({ harness, pages }) => {
    const declined = await newSigning(pages.url('plain.html'));
    const later = await newSigning(pages.url('plain.html'));
    const page = await bounded(harness.context.newPage(), 'opening a page');
    try {
      await page.goto(declined.url);
      expect(new URL(page.url()).searchParams.get('event'), 'the signing page, not a redirect back').toBeNull();
      await page.getByLabel('Reason for declining').fill('Not my contract');
      await page.getByRole('button', { name: 'Decline' }).click();
      await page.waitForURL((url) => url.searchParams.get('event') === 'decline');
      expect(statusOf(declined)?.recipients.signers[0]).toMatchObject({ status: 'declined', declinedReason: 'Not my contract' });

      await page.goto(later.url);
      expect(new URL(page.url()).searchParams.get('event'), 'the signing page, not a redirect back').toBeNull();
      await page.getByRole('button', { name: 'Finish later' }).click();
      await page.waitForURL((url) => url.searchParams.get('event') === 'cancel');
      expect(statusOf(later)?.status).toBe('delivered');
    } finally {
      await bounded(page.close(), 'closing the page');
      await bounded(declined.server.close(), 'closing the simulator');
      await later.server.close();
    }
  });

  test('a reused URL and a URL past 5 minutes return ttl_expired; an unknown URL shows an error page', async ({ harness, pages }) => {
    const signing = await newSigning(pages.url('plain.html'));
    const page = await bounded(harness.context.newPage(), 'opening a page');
    try {
      await page.goto(signing.url);
      await expect.poll(() => page.getByRole('button', { name: 'Sign', exact: true }).count()).toBe(1);
      await page.goto(signing.url);
      await page.waitForURL((url) => url.searchParams.get('event') === 'ttl_expired');

      const second = await newSigning(pages.url('plain.html'));
      await second.server.sim.control.advance(5 * 60_000 + 1_000);
      await page.goto(second.url);
      await page.waitForURL((url) => url.searchParams.get('event') === 'ttl_expired');
      await second.server.close();

      const dead = await page.goto(`${signing.server.origin}/na2/Signing/MTRedeem/v1/never-issued`);
      expect(dead?.status()).toBe(404);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Ask the sender for a new signing link.');
    } finally {
      await bounded(page.close(), 'closing the page');
      await bounded(signing.server.close(), 'closing the simulator');
    }
  });
});
