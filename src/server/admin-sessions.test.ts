/** Admin page sessions in the store: a session opened through one instance is known, and ended, on another. */
import { afterEach, expect, test } from 'vitest';
import { describeEachStore } from '../../test/support/postgres.ts';
import { ADAMS, adminDeps, adminSim } from '../admin/test-kit.ts';
import type { Sim } from '../sim/index.ts';
import { createApp } from './app.ts';
import { createAdminSessions } from './admin/sessions.ts';
import { openStore } from './db/open.ts';
import { memoryLogger } from './log.ts';
import type { Store } from './store.ts';

const PUBLIC_URL = 'http://127.0.0.1:8787';
const TENANT = { ...ADAMS, identityProvider: { issuer: 'http://127.0.0.1:1/idp', clientId: 'signbridge' }, emailDomains: ['adams.example'] };

function instance(sim: Sim, store: Store) {
  return createApp({
    config: { publicUrl: PUBLIC_URL, version: 't', docusign: { accountServer: 'http://127.0.0.1:1', clientId: 'x', scopes: [], redirectUri: 'x' } },
    log: memoryLogger('warn'),
    store,
    admin: { tenants: [TENANT], ops: adminDeps(sim, {}, store.admin), publicUrl: PUBLIC_URL, sessions: store.adminSessions, signIns: store.adminSignIns },
  });
}

describeEachStore('admin page sessions', (backend) => {
  const opened: Store[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });

  test('two instances on one store: signed in on one, the other shows the page; signed out on one, gone on both', async () => {
    const sim = adminSim();
    const location = await backend.location();
    const [storeA, storeB] = [openStore(location), openStore(location)];
    opened.push(storeA, storeB);
    const [a, b] = [instance(sim, storeA), instance(sim, storeB)];
    // What instance A's /admin/oidc/callback does once the administrator is verified.
    const cookie = await createAdminSessions(storeA.adminSessions, Date.now).open({ tenantId: 'adams', email: 'adam.admin@adams.example', name: 'Adam Admin' });
    const headers = { cookie: `signbridge_admin=${cookie}` };

    const page = await b.request('/admin', { headers });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="who" data-tenant="adams"');
    expect(html).toContain('<table id="check" data-ok="true"');
    // The check ran as the system user: none of its tokens, nor the key, is on the page.
    expect(sim.control.tokensIssued().length).toBeGreaterThan(0);
    for (const token of sim.control.tokensIssued()) expect(html).not.toContain(token);
    expect(html).not.toMatch(/PRIVATE KEY|eyJ/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(csrf.length).toBeGreaterThan(20);

    // A form of the page served by B posts to A.
    const reset = await a.request('/admin/reset-token', { method: 'POST', headers, body: new URLSearchParams({ csrf }) });
    expect(reset.status).toBe(303);
    expect(await storeB.admin.tokenGeneration('adams')).toBe(1);

    const out = await a.request('/admin/logout', { method: 'POST', headers, body: new URLSearchParams({ csrf }) });
    expect(out.status).toBe(303);
    const after = await (await b.request('/admin', { headers })).text();
    expect(after).not.toContain('id="who"');
    expect(after).toContain('Sign in with Adams Consulting');
    expect((await b.request('/admin/reset-token', { method: 'POST', headers, body: new URLSearchParams({ csrf }) })).status).toBe(403);
    expect(await storeA.admin.tokenGeneration('adams')).toBe(1);
  });

  test('an expired session, a malformed cookie, a wrong CSRF token and an unknown organization are refused', async () => {
    const sim = adminSim();
    const store = openStore(await backend.location());
    opened.push(store);
    const app = instance(sim, store);
    let clock = Date.now();
    const sessions = createAdminSessions(store.adminSessions, () => clock);
    const cookie = await sessions.open({ tenantId: 'adams', email: 'adam.admin@adams.example', name: 'Adam Admin' });
    expect(await sessions.get(cookie)).toMatchObject({ tenantId: 'adams' });
    expect(await sessions.get('x'.repeat(43))).toBeUndefined();
    expect(await sessions.get('not a cookie')).toBeUndefined();
    const wrongCsrf = await app.request('/admin/reset-token', { method: 'POST', headers: { cookie: `signbridge_admin=${cookie}` }, body: new URLSearchParams({ csrf: 'nope' }) });
    expect(wrongCsrf.status).toBe(403);
    expect(await store.admin.tokenGeneration('adams')).toBe(0);
    const unknown = await app.request('/admin/login?tenant=nobody');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('There is no such organization here.');
    clock += 8 * 3600_000 + 1;
    expect(await sessions.get(cookie)).toBeUndefined();
  });
});
