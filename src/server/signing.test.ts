/** Embedded signing: a fresh single-use URL per request, the return page, and no URL in any log line. */
import { describe, expect, test } from 'vitest';
import type { ApiErrorBody, EnvelopeResponse, SigningSessionResponse } from '../shared/api.ts';
import { createKit, envelopeRequest, PUBLIC_URL, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

type Kit = ReturnType<typeof createKit>;

async function sendEnvelope(kit: Kit, token: string, key: string): Promise<EnvelopeResponse> {
  const res = await send(kit.app, { token, key });
  expect(res.status).toBe(201);
  return (await res.json()) as EnvelopeResponse;
}

function session(kit: Kit, token: string, envelopeId: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    kit.app.request(`/v1/envelopes/${envelopeId}/signing-sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** What a browser does with the URL: open the signing page, press "Sign", follow the redirect back. */
async function signThrough(kit: Kit, url: string): Promise<string> {
  const page = await kit.sim.fetch(url, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBeDefined();
  const done = await kit.sim.fetch(new URL(action ?? '', url).toString(), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'sign' }),
  });
  expect(done.status).toBe(302);
  return done.headers.get('location') ?? '';
}

describe('signing sessions', () => {
  test('a captive signer signs through a fresh URL and comes back to /signing/return with signing_complete', async () => {
    const kit = createKit();
    const token = await kit.login();
    const envelope = await sendEnvelope(kit, token, 'key-sign-00001');
    const signer = envelope.recipients.find((r) => r.signsNow);
    expect(signer).toBeDefined();

    const first = await session(kit, token, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs, recipientId: signer?.recipientId });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const { url: firstUrl } = (await first.json()) as SigningSessionResponse;
    const second = await session(kit, token, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs, recipientId: signer?.recipientId });
    const { url: secondUrl } = (await second.json()) as SigningSessionResponse;
    expect(secondUrl).not.toBe(firstUrl);

    const back = await signThrough(kit, secondUrl);
    expect(back.startsWith(`${PUBLIC_URL}/signing/return?`)).toBe(true);
    const returned = new URL(back);
    expect(returned.searchParams.get('event')).toBe('signing_complete');
    const page = await kit.app.request(`${returned.pathname}${returned.search}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-event="signing_complete"');
    expect(html).toContain('You can close this tab');
    expect(kit.sim.control.envelopes()[0]?.recipients.signers[0]?.status).toBe('completed');

    // A used URL does not work again: DocuSign sends the browser back with ttl_expired.
    const reused = await kit.sim.fetch(secondUrl, { redirect: 'manual' });
    expect(new URL(reused.headers.get('location') ?? 'http://x/').searchParams.get('event')).toBe('ttl_expired');

    // Nothing logged contains a signing URL or any token, code or view token the simulator issued.
    const logged = kit.log.lines.join('\n');
    expect(kit.log.lines.length).toBeGreaterThan(5);
    for (const secret of [firstUrl, secondUrl, ...kit.sim.control.tokensIssued()]) expect(logged).not.toContain(secret);
  });

  test('a signer who signs by e-mail gets no session; unknown envelopes are 404', async () => {
    const kit = createKit();
    const token = await kit.login();
    const envelope = await sendEnvelope(kit, token, 'key-sign-00002');
    const emailSigner = envelope.recipients.find((r) => r.kind === 'signer' && !r.signsNow);
    const res = await session(kit, token, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs, recipientId: emailSigner?.recipientId });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('signer_not_embedded');
    const unknown = await session(kit, token, '00000000-0000-4000-8000-000000000000', { accountId: SIM_ACCOUNTS.aliceUs, recipientId: '1' });
    expect(unknown.status).toBe(404);
  });

  test('another user cannot start signing for an envelope they did not send', async () => {
    const kit = createKit();
    const alice = await kit.login('alice');
    const envelope = await sendEnvelope(kit, alice, 'key-sign-00003');
    const bob = await kit.login('bob');
    const asBobInAlicesAccount = await session(kit, bob, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs, recipientId: '1' });
    expect(asBobInAlicesAccount.status).toBe(403);
    const asBobInHisAccount = await session(kit, bob, envelope.envelopeId, { accountId: SIM_ACCOUNTS.bob, recipientId: '1' });
    expect(asBobInHisAccount.status).toBe(404);
    expect(kit.sim.control.calls().filter((c) => c.path.includes('/views/'))).toEqual([]);
  });

  test('a second member of the same account cannot start signing, or read the outcome, of the first’s envelope', async () => {
    const kit = createKit();
    const alice = await kit.login('alice');
    const envelope = await sendEnvelope(kit, alice, 'key-sign-00009');
    // Bob joins Alice's account: DocuSign would let him act in it, SignBridge only on what he sent.
    kit.sim.causes.addMember(SIM_ACCOUNTS.aliceUs, { sub: 'b2e1d9f3-5c8e-4d2a-8f4b-7e3c6a9d1b22', isDefault: false, admin: false });
    const bob = await kit.login('bob');
    const signer = envelope.recipients.find((r) => r.signsNow)?.recipientId;
    const body = { accountId: SIM_ACCOUNTS.aliceUs, recipientId: signer };
    const asBob = await session(kit, bob, envelope.envelopeId, body);
    expect(asBob.status).toBe(404);
    const outcome = await kit.app.request(`/v1/envelopes/${envelope.envelopeId}/signing-outcome`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bob}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(outcome.status).toBe(404);
    expect(kit.sim.control.calls().filter((c) => c.path.includes('/views/') || c.path.endsWith('/recipients'))).toEqual([]);
    expect((await session(kit, alice, envelope.envelopeId, body)).status).toBe(201);
  });

  test('the return page explains every outcome and ignores what it does not know', async () => {
    const kit = createKit();
    const declined = await (await kit.app.request('/signing/return?event=decline')).text();
    expect(declined).toContain('data-event="decline"');
    const odd = await (await kit.app.request('/signing/return?event=%3Cscript%3E')).text();
    expect(odd).toContain('data-event="unknown"');
    expect(odd).not.toContain('<script>');
  });

  test('a request for a signer not yet in turn reports DocuSign\'s refusal as a 4xx', async () => {
    const kit = createKit();
    const token = await kit.login();
    const res = await send(kit.app, {
      token,
      key: 'key-sign-00004',
      request: envelopeRequest({ signers: [{ name: 'First', email: 'first@example.org', routingOrder: 1 }, { name: 'Later', email: 'later@example.org', routingOrder: 2, signsNow: true }] }),
    });
    const envelope = (await res.json()) as EnvelopeResponse;
    const later = await session(kit, token, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs, recipientId: '2' });
    expect(later.status).toBe(422);
    expect(((await later.json()) as ApiErrorBody).error.code).toBe('docusign_rejected');
  });
});

describe('the OAuth callback page with a real authorization code', () => {
  test('shows "You can close this tab" and no code reaches the page or the log', async () => {
    const kit = createKit();
    const { driveLogin } = await import('../sim/index.ts');
    const authorize = `http://sim.test/oauth/auth?${new URLSearchParams({
      response_type: 'code',
      client_id: '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83',
      redirect_uri: `${PUBLIC_URL}/oauth/callback`,
      scope: 'signature extended',
      state: 's1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString()}`;
    const { location } = await driveLogin(authorize, { email: 'alice@example.com', password: 'alice-demo', fetch: kit.sim.fetch });
    const back = new URL(location);
    expect(back.searchParams.get('code')).toBeTruthy();
    const res = await kit.app.request(`${back.pathname}${back.search}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('You can close this tab');
    for (const secret of kit.sim.control.tokensIssued()) {
      expect(html).not.toContain(secret);
      expect(kit.log.lines.join('\n')).not.toContain(secret);
    }
    expect(kit.sim.control.tokensIssued().length).toBeGreaterThan(0);
  });
});
