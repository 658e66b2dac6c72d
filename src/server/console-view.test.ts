/** "Open in DocuSign": a fresh single-use console-view URL per request, opened on the envelope; DocuSign decides who may see it. */
import { describe, expect, test } from 'vitest';
import type { ApiErrorBody, ConsoleViewResponse, EnvelopeResponse } from '../shared/api.ts';
import { createKit, PUBLIC_URL, send, SIM_ACCOUNTS } from '../../test/support/server-kit.ts';

type Kit = ReturnType<typeof createKit>;

function consoleView(kit: Kit, token: string, envelopeId: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    kit.app.request(`/v1/envelopes/${envelopeId}/console-views`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

describe('console views', () => {
  test('a fresh URL each time opens the envelope in DocuSign once; leaving it lands on the server’s page; no URL in any log line', async () => {
    const kit = createKit();
    const token = await kit.login();
    const sent = await send(kit.app, { token, key: 'key-console-01' });
    const envelope = (await sent.json()) as EnvelopeResponse;

    const first = await consoleView(kit, token, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs });
    expect(first.status).toBe(201);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const { url } = (await first.json()) as ConsoleViewResponse;
    const second = (await (await consoleView(kit, token, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs })).json()) as ConsoleViewResponse;
    expect(second.url).not.toBe(url);

    const opened = await kit.sim.fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toContain(envelope.envelopeId);
    expect(html).toContain('Status: <strong data-testid="envelope-status">sent</strong>');
    // Single use: opened again, DocuSign sends the browser back to the return URL.
    const again = await kit.sim.fetch(url, { redirect: 'manual' });
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe(`${PUBLIC_URL}/docusign/closed?event=ttl_expired`);
    expect((await kit.app.request('/docusign/closed?event=ttl_expired')).status).toBe(200);

    const logged = JSON.stringify(kit.log.lines);
    expect(logged).toContain('console view created');
    for (const secret of [url, second.url, new URL(url).searchParams.get('t') ?? 'missing', token]) expect(logged).not.toContain(secret);
  });

  test('refusals: another user’s account, a malformed body, an unknown envelope', async () => {
    const kit = createKit();
    const alice = await kit.login();
    const envelope = (await (await send(kit.app, { token: alice, key: 'key-console-02' })).json()) as EnvelopeResponse;
    const bob = await kit.login('bob');
    const notMember = await consoleView(kit, bob, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs });
    expect(notMember.status).toBe(403);
    expect(((await notMember.json()) as ApiErrorBody).error.code).toBe('account_not_member');
    const malformed = await consoleView(kit, alice, envelope.envelopeId, { accountId: SIM_ACCOUNTS.aliceUs, extra: 1 });
    expect(malformed.status).toBe(400);
    expect((await consoleView(kit, alice, 'not-an-envelope', { accountId: SIM_ACCOUNTS.aliceUs })).status).toBe(404);
    const unknown = await consoleView(kit, alice, '00000000-0000-4000-8000-000000000000', { accountId: SIM_ACCOUNTS.aliceUs });
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
  });
});
