/**
 * Every way a sign-in can end without a login: the server is unreachable, the tab is closed, consent
 * is denied, or the redirect carries a wrong, reused or expired `state`. Each leaves a visible message
 * in the popup and nothing linked. These need no DocuSign: the companion server stands in as the
 * account server, and the test drives the sign-in tab to the redirect URI itself.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import {
  deadOrigin,
  eventually,
  openPopup,
  openSignInTab,
  resetExtension,
  screenshot,
  startCompanion,
  useServer,
  type Companion,
} from './auth-world.ts';
import { describeInBrowser, test, waitFor, type ExtensionHarness } from './harness.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

async function startSignIn(harness: ExtensionHarness): Promise<{ popup: Page; tab: Page; state: string }> {
  await resetExtension(harness);
  await useServer(harness, companion.origin);
  const popup = await openPopup(harness);
  const tab = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
  const authUrl = new URL(tab.url());
  expect(authUrl.pathname).toBe('/oauth/auth');
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authUrl.searchParams.get('redirect_uri')).toBe(companion.redirectUri);
  const state = authUrl.searchParams.get('state') ?? '';
  expect(state.length).toBeGreaterThan(20);
  await eventually(() => popup.getByText('Finish signing in to DocuSign').count()).toBe(1);
  return { popup, tab, state };
}

async function expectNothingLinked(harness: ExtensionHarness, popup: Page): Promise<void> {
  expect((await harness.readState('session', 'auth.pendingFlow')) ?? null).toBeNull();
  expect(await harness.readState('local', 'auth.logins')).toBeUndefined();
  expect(await harness.readState('local', 'auth.refreshTokens')).toBeUndefined();
  expect(await popup.getByRole('button', { name: 'Connect DocuSign' }).count()).toBe(1);
}

const alertText = (popup: Page) => popup.getByRole('alert').first().textContent();
/**
 * Every redirect the worker has been told about so far has been classified: each one takes the sign-in
 * flow's Web Lock first (auth/flow.ts), and locks are granted in order across the extension's origin.
 */
const flowLockPassed = (popup: Page) => popup.evaluate(() => navigator.locks.request('signbridge-auth-flow', () => true));
const tabClosed = (tab: Page) => waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab');

describeInBrowser('auth: sign-in endings that link nothing', () => {
  test('an unreachable companion server says so and opens no tab', async ({ harness }) => {
    await resetExtension(harness);
    const dead = await deadOrigin();
    // The options page checks the address before saving it: nothing answers there, so nothing is saved.
    const options = await harness.openExtensionPage('src/options/index.html');
    await options.getByLabel('Companion server address').fill(dead);
    await options.getByRole('button', { name: 'Save' }).click();
    await eventually(() => options.getByRole('alert').textContent()).toBe(
      `SignBridge could not reach ${dead}: the connection failed (wrong address, server down, or blocked). Nothing was saved.`,
    );
    expect(await options.getByText('Saved.', { exact: true }).count()).toBe(0);
    expect(await harness.readState('local', 'settings.serverUrl')).not.toBe(dead);
    await screenshot(options, 'options-server-unreachable');
    await options.close();
    // The server goes away after it was saved: Connect says so.
    await harness.writeLocalItem('settings.serverUrl', dead);
    const popup = await openPopup(harness);
    const pagesBefore = harness.context.pages().length;
    await popup.getByRole('button', { name: 'Connect DocuSign' }).click();
    await eventually(() => alertText(popup)).toContain('could not reach its server');
    expect(harness.context.pages()).toHaveLength(pagesBefore);
    await screenshot(popup, 'popup-server-unreachable');
    await expectNothingLinked(harness, popup);
  });

  test('a server on a host SignBridge may not reach gets no sign-in tab until the permission is granted', async ({ harness }) => {
    await resetExtension(harness);
    const popup = await openPopup(harness);
    // Set without the Options page (its permission prompt and reachability check), as a policy-set URL would be.
    await harness.writeLocalItem('settings.serverUrl', 'https://signbridge.example.invalid');
    const pagesBefore = harness.context.pages().length;
    // The worker's own check, as if the popup's request (on the Connect click) had been declined:
    // headless Chromium cannot answer a permission prompt (test/e2e/trust-policy.test.ts grants it).
    const connect = await popup.evaluate<{ ok: boolean; error?: { message: string } }>(() =>
      chrome.runtime.sendMessage({ type: 'authConnect', payload: { mode: 'connect' } }),
    );
    expect(connect.error?.message).toContain('needs your permission to reach its server at https://signbridge.example.invalid');
    expect(harness.context.pages()).toHaveLength(pagesBefore);
    await expectNothingLinked(harness, popup);
  });

  test('an http:// server on another host is refused with a message that says why', async ({ harness }) => {
    await resetExtension(harness);
    const options = await harness.openExtensionPage('src/options/index.html');
    await options.getByLabel('Companion server address').fill('http://signbridge.intranet.example');
    await options.getByRole('button', { name: 'Save' }).click();
    await eventually(() => options.getByRole('alert').textContent()).toContain('https:// only');
    await screenshot(options, 'options-http-refused');
    expect(await harness.readState('local', 'settings.serverUrl')).not.toBe('http://signbridge.intranet.example');
    await options.close();
  });

  test('the pending state is shown, and closing the sign-in tab says how to try again', async ({ harness }) => {
    const { popup, tab } = await startSignIn(harness);
    await screenshot(popup, 'popup-waiting-for-sign-in');
    expect(await harness.readState('session', 'auth.pendingFlow')).toMatchObject({ tabId: expect.any(Number) as number });
    await tab.close();
    await eventually(() => alertText(popup)).toContain('sign-in tab was closed before you finished');
    await screenshot(popup, 'popup-tab-closed');
    await expectNothingLinked(harness, popup);
  });

  test('consent denied says so; replaying that answer in another tab is ignored and that tab stays open', async ({ harness }) => {
    const { popup, tab, state } = await startSignIn(harness);
    await tab.goto(`${companion.redirectUri}?error=access_denied&state=${state}`).catch(() => undefined);
    await tabClosed(tab);
    await eventually(() => alertText(popup)).toContain('You did not allow SignBridge');
    await screenshot(popup, 'popup-consent-denied');
    await expectNothingLinked(harness, popup);

    const replay = await harness.context.newPage();
    await replay.goto(`${companion.redirectUri}?code=stolen-code&state=${state}`);
    await replay.goto(`${companion.redirectUri}?code=forged-code&state=not-the-state`);
    await flowLockPassed(popup);
    expect(await alertText(popup)).toContain('You did not allow SignBridge');
    // Ordered after those: a wrong state in the flow's own tab is acted on (closed, noticed).
    const next = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
    await next.goto(`${companion.redirectUri}?code=forged-code&state=not-the-state`).catch(() => undefined);
    await tabClosed(next);
    expect(replay.isClosed()).toBe(false);
    await replay.close();
    await expectNothingLinked(harness, popup);
  });

  test("a redirect with the flow's own state in another tab is ignored: the tab stays open, the sign-in goes on", async ({ harness }) => {
    const { popup, tab, state } = await startSignIn(harness);
    const other = await harness.context.newPage();
    await other.goto(`${companion.redirectUri}?code=forged-code&state=${state}`);
    await other.goto(`${companion.redirectUri}?code=forged-code&state=not-the-state`);
    await flowLockPassed(popup);
    // The flow was neither answered nor abandoned by them, and nothing was said.
    expect(await harness.readState('session', 'auth.pendingFlow')).toMatchObject({ state });
    expect(await popup.getByRole('alert').count()).toBe(0);
    // Ordered after those: the flow's own tab is acted on.
    await tab.goto(`${companion.redirectUri}?code=forged-code&state=not-the-state`).catch(() => undefined);
    await tabClosed(tab);
    await eventually(() => alertText(popup)).toContain('did not ask for');
    expect(other.isClosed()).toBe(false);
    await other.close();
    await expectNothingLinked(harness, popup);
  });

  test('a redirect with a state SignBridge did not issue abandons the flow', async ({ harness }) => {
    const { popup, tab } = await startSignIn(harness);
    await tab.goto(`${companion.redirectUri}?code=forged-code&state=not-the-state`).catch(() => undefined);
    await tabClosed(tab);
    await eventually(() => alertText(popup)).toContain('did not ask for');
    await screenshot(popup, 'popup-wrong-state');
    await expectNothingLinked(harness, popup);
  });

  test('an expired state is refused even with the right value', async ({ harness }) => {
    const { popup, tab, state } = await startSignIn(harness);
    // Ten minutes pass in the browser: move the flow's deadline instead of waiting for it.
    const worker = await harness.serviceWorker();
    await worker.evaluate(async () => {
      const stored: Record<string, { expiresAt: number } | undefined> = await chrome.storage.session.get('auth.pendingFlow');
      const flow = stored['auth.pendingFlow'];
      if (flow) await chrome.storage.session.set({ 'auth.pendingFlow': { ...flow, expiresAt: Date.now() - 1 } });
    });
    await tab.goto(`${companion.redirectUri}?code=late-code&state=${state}`).catch(() => undefined);
    await tabClosed(tab);
    await eventually(() => alertText(popup)).toContain('took too long and expired');
    await expectNothingLinked(harness, popup);
  });
});
