/** The simulator's login and consent pages in Chromium, as the extension's OAuth flow will meet them. */
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { startSimServer } from '../../src/sim/index.ts';
import { PUBLIC_KEY } from '../../src/sim/test-helpers.ts';
import { bounded, describeInBrowser, test } from './harness.ts';

function authUrl(origin: string, redirectUri: string, extra: Record<string, string> = {}): string {
  const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
  return `${origin}/oauth/auth?${new URLSearchParams({
    response_type: 'code', client_id: PUBLIC_KEY, redirect_uri: redirectUri, scope: 'signature extended',
    state: 'st-1', code_challenge: challenge, code_challenge_method: 'S256', ...extra,
  })}`;
}

describeInBrowser('simulator login and consent pages', () => {
  test('log in, allow access, come back with code and state; the session makes the next login silent', async ({ harness, pages }) => {
    const server = await startSimServer({ port: 0 });
    const redirectUri = pages.url('plain.html');
    server.sim.control.registerRedirectUri(PUBLIC_KEY, redirectUri);
    const page = await bounded(harness.context.newPage(), 'opening a page');
    try {
      await page.goto(authUrl(server.origin, redirectUri));
      await page.getByLabel('Email').fill('carol@example.com');
      await page.getByLabel('Password').fill('carol-demo');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('button', { name: 'Allow access' }).click();
      await page.waitForURL((url) => url.searchParams.get('code') !== null);
      expect(new URL(page.url()).searchParams.get('state')).toBe('st-1');

      await page.goto(authUrl(server.origin, redirectUri, { state: 'st-2' }));
      await page.waitForURL((url) => url.searchParams.get('state') === 'st-2');
      expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();

      await page.goto(authUrl(server.origin, redirectUri, { prompt: 'login' }));
      await expect.poll(() => page.getByRole('button', { name: 'Log in' }).count()).toBe(1);
    } finally {
      await bounded(page.close(), 'closing the page');
      await bounded(server.close(), 'closing the simulator');
    }
  });

  test('a wrong password says so; Deny comes back with access_denied', async ({ harness, pages }) => {
    const server = await startSimServer({ port: 0 });
    const redirectUri = pages.url('plain.html');
    server.sim.control.registerRedirectUri(PUBLIC_KEY, redirectUri);
    const context = harness.context;
    const page = await bounded(context.newPage(), 'opening a page');
    try {
      await page.goto(authUrl(server.origin, redirectUri, { prompt: 'login', scope: 'signature impersonation' }));
      await page.getByLabel('Email').fill('bob@example.com');
      await page.getByLabel('Password').fill('wrong');
      await page.getByRole('button', { name: 'Log in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Your email or password is incorrect.');
      await page.getByLabel('Password').fill('bob-demo');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('button', { name: 'Deny' }).click();
      await page.waitForURL((url) => url.searchParams.get('error') === 'access_denied');
    } finally {
      await bounded(page.close(), 'closing the page');
      await bounded(server.close(), 'closing the simulator');
    }
  });
});
