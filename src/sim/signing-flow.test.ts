/** Embedded signing through the view URL and the signing page, driven with fetch; statuses and Connect. */
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createSim, makePdf, type SimSeed } from './index.ts';
import { loadDefaultSeed } from './seed.ts';
import { ACCOUNTS, api, embeddedEnvelope, ORIGIN, pdfBase64, tokenFor, USERS } from './test-helpers.ts';

const RETURN = 'http://127.0.0.1:8787/signing/return?ref=abc';
const VIEW = { returnUrl: RETURN, authenticationMethod: 'none', clientUserId: 'crm-contact-42', userName: 'Dana Doe', email: 'dana@example.org' };
const HMAC_KEY = 'sim-connect-hmac-na2-key1';

interface Posted {
  url: string;
  headers: Headers;
  body: string;
}

async function setup(options: { connectStatus?: () => number; seed?: SimSeed } = {}) {
  const posted: Posted[] = [];
  const connectFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    posted.push({ url: req.url, headers: req.headers, body: await req.text() });
    return new Response(null, { status: options.connectStatus?.() ?? 200 });
  }) as typeof fetch;
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9), connectFetch, ...(options.seed ? { seed: options.seed } : {}) });
  const us = api(sim, await tokenFor(sim, USERS.alice), ACCOUNTS.aliceUs);
  const eventNotification = {
    url: 'http://127.0.0.1:8787/connect',
    includeHMAC: 'true',
    requireAcknowledgment: 'true',
    events: ['envelope-sent', 'envelope-delivered', 'envelope-completed', 'envelope-declined', 'recipient-completed'],
    eventData: { version: 'restv2.1', format: 'json', includeData: ['recipients', 'custom_fields'] },
  };
  const { envelopeId } = (await (await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(4, 'Contract')), { eventNotification }))).json()) as { envelopeId: string };
  const viewUrl = async () => ((await (await us.call('POST', `/envelopes/${envelopeId}/views/recipient`, VIEW)).json()) as { url: string }).url;
  const open = (url: string) => sim.fetch(url, { redirect: 'manual' });
  const act = async (page: Response, action: string) => {
    const html = await page.text();
    const form = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
    return sim.fetch(`${ORIGIN}${form}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ action, reason: 'Wrong amount' }) });
  };
  const status = () => sim.control.envelopes().find((e) => e.envelopeId === envelopeId);
  return { sim, us, envelopeId, viewUrl, open, act, status, posted };
}

const eventOf = (res: Response) => {
  expect(res.status).toBe(302);
  const to = new URL(res.headers.get('location') ?? '');
  expect(`${to.origin}${to.pathname}`).toBe('http://127.0.0.1:8787/signing/return');
  expect(to.searchParams.get('ref')).toBe('abc');
  return to.searchParams.get('event');
};

describe('signing page', () => {
  test('shows the document name and page count; Sign completes the envelope and returns signing_complete', async () => {
    const { viewUrl, open, act, status, sim, posted } = await setup();
    const url = await viewUrl();
    expect(sim.control.tokensIssued().some((t) => url.includes(t))).toBe(true);
    const page = await open(url);
    expect(page.status).toBe(200);
    const html = await page.clone().text();
    expect(html).toContain('Contract.pdf');
    expect(html).toMatch(/<span class="doc-pages">4<\/span> pages/);
    expect(status()?.recipients.signers[0]?.status).toBe('delivered');
    expect(status()?.status).toBe('delivered');
    expect(eventOf(await act(page, 'sign'))).toBe('signing_complete');
    expect(status()?.status).toBe('completed');
    expect(status()?.recipients.carbonCopies[0]?.status).toBe('completed');
    await sim.control.settle();
    expect(posted.map((p) => JSON.parse(p.body) as { event: string }).map((p) => p.event)).toEqual([
      'envelope-sent',
      'envelope-delivered',
      'recipient-completed',
      'envelope-completed',
    ]);
  });

  test('Decline returns decline and declines the envelope; Finish later returns cancel', async () => {
    const a = await setup();
    expect(eventOf(await a.act(await a.open(await a.viewUrl()), 'decline'))).toBe('decline');
    expect(a.status()?.status).toBe('declined');
    expect(a.status()?.recipients.signers[0]).toMatchObject({ status: 'declined', declinedReason: 'Wrong amount' });

    const b = await setup();
    expect(eventOf(await b.act(await b.open(await b.viewUrl()), 'later'))).toBe('cancel');
    expect(b.status()?.status).toBe('delivered');
    // A new view for the same signer works after Finish later.
    expect(eventOf(await b.act(await b.open(await b.viewUrl()), 'sign'))).toBe('signing_complete');
  });

  test('a reused URL and a URL older than 5 minutes return ttl_expired; an unknown one shows an error page', async () => {
    const { viewUrl, open, sim } = await setup();
    const url = await viewUrl();
    expect((await open(url)).status).toBe(200);
    expect(eventOf(await open(url))).toBe('ttl_expired');
    const late = await viewUrl();
    await sim.control.advance(5 * 60_000 + 1);
    expect(eventOf(await open(late))).toBe('ttl_expired');
    const bogus = await open(`${ORIGIN}/na2/Signing/MTRedeem/v1/nothing-here`);
    expect(bogus.status).toBe(404);
  });

  test('a URL opened through another site is dead', async () => {
    const { viewUrl, open } = await setup();
    const url = (await viewUrl()).replace('/na2/', '/eu1/');
    expect((await open(url)).status).toBe(404);
  });

  test('voiding an envelope kills its signing URL (ttl_expired) and refuses new views', async () => {
    const { us, envelopeId, viewUrl, open, status, sim } = await setup();
    const url = await viewUrl();
    const res = await us.call('PUT', `/envelopes/${envelopeId}`, { status: 'voided', voidedReason: 'Sent by mistake' });
    expect([res.status, await res.json()]).toEqual([200, { envelopeId }]);
    expect(status()).toMatchObject({ status: 'voided', voidedReason: 'Sent by mistake' });
    expect(eventOf(await open(url))).toBe('ttl_expired');
    const again = await us.call('POST', `/envelopes/${envelopeId}/views/recipient`, VIEW);
    expect([again.status, ((await again.json()) as { errorCode: string }).errorCode]).toEqual([400, 'ENVELOPE_INVALID_STATUS']);
    await sim.control.settle();
  });

  test('PUT status=sent sends a draft; sending it again is refused', async () => {
    const { us, sim } = await setup();
    const { envelopeId } = (await (await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1)), { status: 'created' }))).json()) as { envelopeId: string };
    expect((await us.call('PUT', `/envelopes/${envelopeId}`, { status: 'sent' })).status).toBe(200);
    expect(sim.control.envelopes().find((e) => e.envelopeId === envelopeId)?.status).toBe('sent');
    const twice = await us.call('PUT', `/envelopes/${envelopeId}`, { status: 'sent' });
    expect([twice.status, ((await twice.json()) as { errorCode: string }).errorCode]).toEqual([400, 'ENVELOPE_INVALID_STATUS']);
    const noReason = await us.call('PUT', `/envelopes/${envelopeId}`, { status: 'voided' });
    expect(((await noReason.json()) as { errorCode: string }).errorCode).toBe('VOIDED_REASON_REQUIRED');
  });

  test('sender view: the page sends a draft and returns event=Send', async () => {
    const { us, sim } = await setup();
    const { envelopeId } = (await (await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1)), { status: 'created' }))).json()) as { envelopeId: string };
    const res = await us.call('POST', `/envelopes/${envelopeId}/views/sender`, { returnUrl: RETURN });
    expect(res.status).toBe(201);
    const page = await sim.fetch(((await res.json()) as { url: string }).url);
    const form = /action="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const done = await sim.fetch(`${ORIGIN}${form}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ action: 'send' }) });
    expect(new URL(done.headers.get('location') ?? '').searchParams.get('event')).toBe('Send');
    expect(sim.control.envelopes().find((e) => e.envelopeId === envelopeId)?.status).toBe('sent');
  });
});

describe('Connect', () => {
  test('each delivery is signed: X-DocuSign-Signature-1 = Base64(HMAC-SHA256(key, raw body))', async () => {
    const { posted, sim, envelopeId } = await setup();
    await sim.control.settle();
    const [first] = posted;
    expect(first?.url).toBe('http://127.0.0.1:8787/connect');
    expect(first?.headers.get('X-DocuSign-Signature-1')).toBe(createHmac('sha256', HMAC_KEY).update(first?.body ?? '').digest('base64'));
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({
      event: 'envelope-sent',
      apiVersion: 'v2.1',
      data: {
        accountId: ACCOUNTS.aliceUs.id,
        envelopeId,
        envelopeSummary: { status: 'sent', emailSubject: 'Please sign the contract', customFields: { textCustomFields: [{ name: 'signbridge_request_id', value: 'req-123' }] } },
      },
    });
    expect(Object.keys((JSON.parse(first?.body ?? '{}') as { data: { envelopeSummary: object } }).data.envelopeSummary)).not.toContain('envelopeDocuments');
  });

  test('without eventData.includeData a delivery carries no envelopeSummary', async () => {
    const { sim, us, posted } = await setup();
    await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1)), { eventNotification: { url: 'http://127.0.0.1:8787/bare', events: ['envelope-sent'] } }));
    await sim.control.settle();
    const bare = posted.find((p) => p.url.endsWith('/bare'));
    expect(Object.keys((JSON.parse(bare?.body ?? '{}') as { data: object }).data).sort()).toEqual(['accountId', 'envelopeId', 'userId']);
  });

  test('failed deliveries are retried on the test clock until one succeeds', async () => {
    let answer = 500;
    const { posted, sim } = await setup({ connectStatus: () => answer });
    await sim.control.settle();
    expect(sim.control.deliveries()[0]).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 500 });
    await sim.control.advance(60 * 60_000);
    expect(posted).toHaveLength(1); // not due yet
    await sim.control.advance(24 * 3600_000);
    expect(posted).toHaveLength(2);
    answer = 200;
    await sim.control.advance(24 * 3600_000);
    expect(sim.control.deliveries()[0]).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200 });
    expect(posted[2]?.body).toBe(posted[0]?.body);
  });

  test('without requireAcknowledgment a failed delivery is not retried', async () => {
    const { sim, us, posted } = await setup({ connectStatus: () => 503 });
    const eventNotification = { url: 'http://127.0.0.1:8787/fire-and-forget', events: ['envelope-sent'] };
    await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1)), { eventNotification }));
    await sim.control.settle();
    await sim.control.advance(3 * 24 * 3600_000);
    expect(posted.filter((p) => p.url.endsWith('/fire-and-forget'))).toHaveLength(1);
    expect(sim.control.deliveries().find((d) => d.url.endsWith('/fire-and-forget'))).toMatchObject({ state: 'failed', attempts: 1 });
  });

  test('a Connect configuration added through /_sim receives signed deliveries', async () => {
    const { sim, us, posted } = await setup();
    const res = await sim.fetch(`${ORIGIN}/_sim/accounts/${ACCOUNTS.aliceUs.id}/connect`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ urlToPublishTo: 'http://127.0.0.1:8787/hook', events: ['envelope-sent'], includeHMAC: true }),
    });
    expect(res.status).toBe(201);
    await us.call('POST', '/envelopes', embeddedEnvelope(pdfBase64(makePdf(1))));
    await sim.control.settle();
    const hook = posted.filter((p) => p.url.endsWith('/hook'));
    expect(hook).toHaveLength(1);
    expect(hook[0]?.headers.get('X-DocuSign-Signature-1')).toBe(createHmac('sha256', HMAC_KEY).update(hook[0]?.body ?? '').digest('base64'));
  });

  test('account-level Connect configurations receive the events they listen for', async () => {
    const seed = loadDefaultSeed();
    const account = seed.accounts[0];
    if (!account) throw new Error('seed has no account');
    account.connectConfigurations = [{ connectId: '4242', name: 'SignBridge', urlToPublishTo: 'http://127.0.0.1:8787/account-hook', events: ['envelope-completed'], includeHMAC: false }];
    const { posted, sim, viewUrl, open, act } = await setup({ seed });
    await act(await open(await viewUrl()), 'sign');
    await sim.control.settle();
    const account_ = posted.filter((p) => p.url.endsWith('/account-hook'));
    expect(account_.map((p) => (JSON.parse(p.body) as { event: string; configurationId: string })).map((p) => [p.event, p.configurationId])).toEqual([['envelope-completed', '4242']]);
    expect(account_[0]?.headers.get('X-DocuSign-Signature-1')).toBeNull();
  });
});
