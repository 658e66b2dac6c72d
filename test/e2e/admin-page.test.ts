/**
 * The admin page and DocuSign admin consent in Chromium, against the simulator and the demo identity
 * provider: a tenant administrator (groups: signbridge-admins) signs in and sees the check of their own
 * tenant; following the admin consent URL as the DocuSign administrator grants consent and the check
 * then passes; a member without the group gets 403.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startIdp, type RunningIdp } from '../../src/idp/index.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { startServer, type RunningServer } from '../../src/server/serve.ts';
import { setUpDemoOrg } from '../../src/tools/demo/org.ts';
import { describeInBrowser, ROOT, test, waitFor } from './harness.ts';

const SYSTEM_USER = 'c3d2e0a4-6d9f-4e3b-9a5c-8f4d7b0e2c33';
const JWT_KEY = '9c7e1b4a-3f2d-4a8e-b6c5-1e0d9f8a7b62';
const SHOTS = join(ROOT, 'test-results');

async function start(): Promise<{ server: RunningServer; idp: RunningIdp }> {
  let idp: RunningIdp | undefined;
  const server = await startServer({
    config: { publicUrl: 'http://127.0.0.1:0', version: 'e2e', docusign: { accountServer: '', clientId: '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83', scopes: ['signature'], redirectUri: '' } },
    host: '127.0.0.1',
    port: 0,
    databasePath: ':memory:',
    log: memoryLogger('warn'),
    prepareOrg: async ({ simulator, publicUrl }) => {
      if (!simulator) return undefined;
      idp = await startIdp({ port: 0, host: '127.0.0.1', redirectUris: [`${publicUrl}/oidc/callback`, `${publicUrl}/admin/oidc/callback`] });
      return setUpDemoOrg({ sim: simulator.sim.control, simOrigin: simulator.origin, issuer: idp.issuer, publicUrl });
    },
  });
  if (!idp) throw new Error('no identity provider');
  return { server, idp };
}

describeInBrowser('admin page', () => {
  test('the administrator sees their tenant’s check; admin consent in DocuSign makes it pass', async ({ harness }) => {
    mkdirSync(SHOTS, { recursive: true });
    const { server, idp } = await start();
    const sim = server.simulator?.sim;
    if (!sim) throw new Error('no simulator');
    sim.control.revokeConsent(SYSTEM_USER, JWT_KEY);
    const page = await harness.context.newPage();
    try {
      await page.goto(`${server.url}/admin`);
      await page.getByRole('link', { name: 'Sign in with Adams Consulting' }).click();
      await page.getByLabel('E-mail').fill('adam.admin@adams.example');
      await page.getByLabel('Password').fill('demo');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await waitFor(async () => (await page.locator('#check').count()) > 0, 'the check on the admin page');
      expect(await page.locator('#who').getAttribute('data-tenant')).toBe('adams');
      expect(await page.locator('#check').getAttribute('data-ok')).toBe('false');
      expect(await page.locator('[data-step="token"]').getAttribute('data-status')).toBe('failed');
      const text = await page.locator('main').innerText();
      expect(text).toContain('Adams Consulting');
      expect(text).not.toContain('Northwind');
      await page.screenshot({ path: join(SHOTS, 'admin-page-consent-missing.png'), fullPage: true });

      // The DocuSign administrator follows the admin consent URL.
      await page.locator('#admin-consent').click();
      await page.getByLabel('Email').fill('system@example.com');
      await page.getByLabel('Password').fill('system-demo');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('button', { name: 'Allow access' }).click();
      await waitFor(async () => (await page.locator('[data-outcome]').getAttribute('data-outcome')) === 'consented', 'the consent page');
      await page.screenshot({ path: join(SHOTS, 'admin-consent-given.png') });

      await page.goto(`${server.url}/admin`);
      await waitFor(async () => (await page.locator('#check').getAttribute('data-ok')) === 'true', 'a passing check');
      expect(await page.locator('[data-status="failed"]').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, 'admin-page-check-passed.png'), fullPage: true });
    } finally {
      await page.close();
      await server.close();
      await idp.close();
    }
  });

  test('a member without the admin group gets 403; nothing to post without a session', async ({ harness }) => {
    const { server, idp } = await start();
    const page = await harness.context.newPage();
    try {
      await page.goto(`${server.url}/admin`);
      await page.getByRole('link', { name: 'Sign in with Adams Consulting' }).click();
      await page.getByLabel('E-mail').fill('dana@adams.example');
      await page.getByLabel('Password').fill('demo');
      const answer = page.waitForResponse((r) => r.url().includes('/admin/oidc/callback'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      expect((await answer).status()).toBe(403);
      expect(await page.locator('main').innerText()).toContain('dana@adams.example is not a SignBridge administrator of Adams Consulting');
      await page.screenshot({ path: join(SHOTS, 'admin-page-member-403.png') });
      const reset = await fetch(`${server.url}/admin/reset-token`, { method: 'POST', body: new URLSearchParams({ csrf: 'x' }) });
      expect(reset.status).toBe(403);
      expect(server.simulator?.sim.control.calls().filter((c) => c.path === '/oauth/token').length).toBe(0);
    } finally {
      await page.close();
      await server.close();
      await idp.close();
    }
  });
});
