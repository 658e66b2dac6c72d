/** The consent callback page, reached by following the consent URLs through the simulator; then the check passes. */
import { describe, expect, test } from 'vitest';
import { checkConnection } from '../admin/check.ts';
import { consentUrls } from '../admin/consent.ts';
import { simulatorEnvironment } from '../admin/environment.ts';
import { ADAMS, adminDeps, adminSim, CONSENT_REDIRECT, JWT_CLIENT_ID, SIM_ORIGIN } from '../admin/test-kit.ts';
import { driveLogin } from '../sim/index.ts';
import { createApp } from './app.ts';
import { memoryLogger } from './log.ts';

const urls = consentUrls(simulatorEnvironment(SIM_ORIGIN), JWT_CLIENT_ID, CONSENT_REDIRECT);
const ALICE = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';

function server() {
  const log = memoryLogger();
  const app = createApp({ config: { publicUrl: 'http://127.0.0.1:8787', version: 't', docusign: { accountServer: SIM_ORIGIN, clientId: 'x', scopes: [], redirectUri: 'x' } }, log });
  const visit = async (location: string) => {
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(CONSENT_REDIRECT);
    const res = await app.request(url.pathname + url.search);
    return { status: res.status, html: await res.text() };
  };
  return { visit, log };
}

describe('consent callback page', () => {
  test('admin consent by the DocuSign administrator: "Consent given" for every member, then the check passes', async () => {
    const sim = adminSim({ consent: false });
    expect((await checkConnection(ADAMS, adminDeps(sim))).ok).toBe(false);
    const { location } = await driveLogin(urls.admin, { email: 'system@example.com', password: 'system-demo', fetch: sim.fetch });
    const { visit, log } = server();
    const page = await visit(location);
    expect(page.status).toBe(200);
    expect(page.html).toContain('data-outcome="consented"');
    expect(page.html).toContain('Consent given');
    const code = new URL(location).searchParams.get('code') ?? '';
    expect(code.length).toBeGreaterThan(20);
    expect(page.html).not.toContain(code);
    expect(log.lines.join('\n')).not.toContain(code);
    expect((await checkConnection(ADAMS, adminDeps(sim))).ok).toBe(true);
    // Admin consent covers the tenant's other members too.
    const alice = await checkConnection({ ...ADAMS, systemUserId: ALICE }, adminDeps(sim));
    expect(alice.steps.find((s) => s.id === 'token')?.status).toBe('passed');
  });

  test('a DocuSign user who is no administrator is told to ask one; Deny says how to retry', async () => {
    const sim = adminSim({ consent: false });
    const { visit } = server();
    const notAdmin = await visit((await driveLogin(urls.admin, { email: 'alice@example.com', password: 'alice-demo', fetch: sim.fetch })).location);
    expect(notAdmin.status).toBe(400);
    expect(notAdmin.html).toContain('data-outcome="not-admin"');
    expect(notAdmin.html).toContain('Ask your DocuSign administrator');
    const denied = await visit((await driveLogin(urls.individual, { email: 'system@example.com', password: 'system-demo', consent: 'deny', fetch: sim.fetch })).location);
    expect(denied.html).toContain('data-outcome="denied"');
    expect((await checkConnection(ADAMS, adminDeps(sim))).ok).toBe(false);
  });

  test('individual consent by the system user works too; the bare page says nothing happened', async () => {
    const sim = adminSim({ consent: false });
    const { visit } = server();
    const given = await visit((await driveLogin(urls.individual, { email: 'system@example.com', password: 'system-demo', fetch: sim.fetch })).location);
    expect(given.html).toContain('data-outcome="consented"');
    expect((await checkConnection(ADAMS, adminDeps(sim))).ok).toBe(true);
    expect((await visit(CONSENT_REDIRECT)).html).toContain('data-outcome="missing-code"');
  });
});
