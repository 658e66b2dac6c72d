/**
 * Linking DocuSign logins end to end in Chromium, against the DocuSign simulator and the companion
 * server: connect, switch account, add a second login, switch login, disconnect; consent; the worker
 * killed mid-sign-in. Screenshots of each popup state go to test-results/screenshots/.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { SimServer } from '../../src/sim/index.ts';
import { SIM_CLIENT_ID } from '../../src/server/config.ts';
import {
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

let sim: SimServer;
let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
  sim = companion.sim;
});
afterAll(async () => {
  await companion.close();
});

async function freshPopup(harness: ExtensionHarness): Promise<Page> {
  await resetExtension(harness);
  await harness.context.clearCookies();
  await useServer(harness, companion.origin);
  return openPopup(harness);
}

/** Fill the simulator's login (and consent) pages as a user would; the extension then closes the tab. */
async function signIn(tab: Page, email: string, password: string, consent?: 'Allow access' | 'Deny'): Promise<void> {
  await tab.getByLabel('Email').fill(email);
  await tab.getByLabel('Password').fill(password);
  await tab.getByRole('button', { name: 'Log in' }).click({ noWaitAfter: true });
  if (consent !== undefined) await tab.getByRole('button', { name: consent }).click({ noWaitAfter: true });
  await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 15_000);
}

const sendingAs = (popup: Page) => popup.getByTestId('sending-as').textContent();
const login = (popup: Page, name: string) => popup.getByRole('region', { name });

describeInBrowser('auth: linking DocuSign logins', () => {
  test('connect, switch account, add a login, switch login, disconnect', async ({ harness }) => {
    const popup = await freshPopup(harness);
    await screenshot(popup, 'popup-not-connected');

    // Connect: a normal tab on the account server, PKCE, no secret.
    const tab = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
    const authUrl = new URL(tab.url());
    expect(authUrl.origin).toBe(sim.origin);
    expect(authUrl.searchParams.get('client_id')).toBe(SIM_CLIENT_ID);
    expect(authUrl.searchParams.get('scope')).toBe('signature extended');
    expect(authUrl.searchParams.get('prompt')).toBeNull();
    await signIn(tab, 'alice@example.com', 'alice-demo');

    await eventually(() => sendingAs(popup)).toBe('Sending as Alice Adams · Adams Consulting (US) · DocuSign simulator on this computer');
    await expect.poll(() => popup.getByRole('status').first().textContent()).toContain('Connected as Alice Adams (alice@example.com)');
    const alice = login(popup, 'Alice Adams');
    expect(await alice.getByRole('radio', { name: 'Adams Consulting (US)' }).isChecked()).toBe(true);
    expect(await alice.getByRole('radio', { name: 'Adams Consulting (EU)' }).isChecked()).toBe(false);
    await screenshot(popup, 'popup-connected');

    // What was kept where: access token in session, refresh token sealed in local, nothing in sync.
    const loginKey = `${sim.origin}#a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11`;
    const access = await harness.readState<Record<string, { token: string }>>('session', 'auth.accessTokens');
    expect(sim.sim.control.tokensIssued()).toContain(access[loginKey]?.token);
    const sealed = await harness.readState<Record<string, { iv: string; data: string }>>('local', 'auth.refreshTokens');
    expect(Object.keys(sealed)).toEqual([loginKey]);
    expect(await harness.readState('sync')).toEqual({});

    // Switch account.
    await alice.getByRole('radio', { name: 'Adams Consulting (EU)' }).click();
    await eventually(() => sendingAs(popup)).toBe('Sending as Alice Adams · Adams Consulting (EU) · DocuSign simulator on this computer');
    await screenshot(popup, 'popup-switched-account');

    // Add a second login: DocuSign must ask for a password again even though Alice's session is live.
    const second = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Add another DocuSign login' }).click());
    expect(new URL(second.url()).searchParams.get('prompt')).toBe('login');
    await signIn(second, 'bob@example.com', 'bob-demo');
    await eventually(() => sendingAs(popup)).toBe('Sending as Bob Brown · Brown Realty · DocuSign simulator on this computer');
    expect(await popup.getByRole('region').count()).toBe(2);
    await screenshot(popup, 'popup-two-logins');

    // Switch login: Alice comes back with the account she chose.
    await alice.getByRole('button', { name: 'Use this login' }).click();
    await eventually(() => sendingAs(popup)).toBe('Sending as Alice Adams · Adams Consulting (EU) · DocuSign simulator on this computer');
    await screenshot(popup, 'popup-switched-login');

    // Remembered per site: this CRM sends from Bob's account; elsewhere Alice's choice stands.
    type Status = { ok: boolean; value: { sendingAs: string; selectedForSite: boolean } };
    const bobKey = `${sim.origin}#b2e1d9f3-5c8e-4d2a-8f4b-7e3c6a9d1b22`;
    const remembered = await popup.evaluate<Status, string>(
      (key) =>
        chrome.runtime.sendMessage({
          type: 'authSelect',
          payload: { loginKey: key, accountId: '18d7c5f9-1c4e-4d8a-8fab-3e9c2a5d7b88', site: 'https://crm.example.test/deals/7' },
        }),
      bobKey,
    );
    expect(remembered.value).toMatchObject({ sendingAs: 'Sending as Bob Brown · Brown Realty · DocuSign simulator on this computer', selectedForSite: true });
    const statusFor = (site?: string) =>
      popup.evaluate<Status, string | undefined>((s) => chrome.runtime.sendMessage({ type: 'authStatus', payload: s === undefined ? {} : { site: s } }), site);
    expect((await statusFor('https://crm.example.test/contacts')).value.sendingAs).toBe('Sending as Bob Brown · Brown Realty · DocuSign simulator on this computer');
    expect((await statusFor('https://other.example.test/')).value).toMatchObject({
      sendingAs: 'Sending as Alice Adams · Adams Consulting (EU) · DocuSign simulator on this computer',
      selectedForSite: false,
    });
    expect((await statusFor()).value.sendingAs).toBe('Sending as Alice Adams · Adams Consulting (EU) · DocuSign simulator on this computer');

    // Refresh accounts re-reads userinfo on demand.
    const userinfoCalls = () => sim.sim.control.calls().filter((c) => c.path === '/oauth/userinfo').length;
    const before = userinfoCalls();
    await alice.getByRole('button', { name: 'Refresh accounts' }).click();
    await eventually(() => userinfoCalls()).toBe(before + 1);

    // Disconnect Bob and offer DocuSign's logout.
    const bob = login(popup, 'Bob Brown');
    await bob.getByRole('button', { name: 'Disconnect' }).click();
    await bob.getByLabel('Also sign out of DocuSign in this browser').check();
    await screenshot(popup, 'popup-confirm-disconnect');
    const [logoutTab] = await Promise.all([
      harness.context.waitForEvent('page'),
      bob.getByRole('button', { name: 'Confirm disconnect' }).click(),
    ]);
    await logoutTab.waitForURL(/\/oauth\/logout/, { waitUntil: 'commit' });
    const logoutUrl = new URL(logoutTab.url());
    expect(logoutUrl.origin).toBe(sim.origin);
    expect(logoutUrl.searchParams.get('client_id')).toBe(SIM_CLIENT_ID);
    await logoutTab.close();
    await eventually(() => popup.getByRole('region').count()).toBe(1);
    await eventually(() => popup.getByRole('status').first().textContent()).toContain('Disconnected Bob Brown');
    expect(Object.keys(await harness.readState<Record<string, unknown>>('local', 'auth.refreshTokens'))).toEqual([loginKey]);
    expect(await harness.readState('local', 'auth.siteChoices')).toEqual({});
    await screenshot(popup, 'popup-disconnected-one');

    // Disconnect the last one: back to Connect.
    await alice.getByRole('button', { name: 'Disconnect' }).click();
    await alice.getByRole('button', { name: 'Confirm disconnect' }).click();
    await eventually(() => popup.getByRole('button', { name: 'Connect DocuSign' }).count()).toBe(1);
    expect(await harness.readState('local', 'auth.refreshTokens')).toEqual({});
    expect(await harness.readState('session', 'auth.accessTokens')).toEqual({});
  });

  test('a first-time user sees the consent page; allowing links, denying links nothing', async ({ harness }) => {
    const popup = await freshPopup(harness);
    const denied = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
    await signIn(denied, 'carol@example.com', 'carol-demo', 'Deny');
    await eventually(() => popup.getByRole('alert').first().textContent()).toContain('You did not allow SignBridge');
    expect(await harness.readState('local', 'auth.logins')).toBeUndefined();

    const allowed = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
    // Carol's DocuSign session from the first attempt is live: only the consent page is left.
    await allowed.getByRole('button', { name: 'Allow access' }).click({ noWaitAfter: true });
    await waitFor(() => allowed.isClosed(), 'the extension to close the sign-in tab');
    await eventually(() => sendingAs(popup)).toBe('Sending as Carol Chen · Brown Realty · DocuSign simulator on this computer');
  });

  test('DocuSign unreachable when the code is exchanged: a clear message and nothing linked', async ({ harness }) => {
    const popup = await freshPopup(harness);
    const tab = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
    // Several drops: Chromium retries a request once when a reused keep-alive connection is cut.
    sim.sim.control.inject({ method: 'POST', path: '/oauth/token', mode: 'drop', count: 5 });
    await signIn(tab, 'alice@example.com', 'alice-demo');
    await eventually(() => popup.getByRole('alert').first().textContent()).toContain('could not reach DocuSign to finish signing in');
    await screenshot(popup, 'popup-docusign-unreachable');
    expect(await harness.readState('local', 'auth.logins')).toBeUndefined();
    expect(await harness.readState('local', 'auth.refreshTokens')).toBeUndefined();
    sim.sim.control.clearFaults();
  });

  test('the service worker stopped while the user types their password: linking still completes', async ({ harness }) => {
    const popup = await freshPopup(harness);
    const tab = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
    const bootBefore = await popup.evaluate<{ value: { bootId: string } }>(() => chrome.runtime.sendMessage({ type: 'ping', payload: { nonce: 'a' } }));
    // As in a real browser, the popup is gone while the user is in the sign-in tab (and its polling
    // would wake the worker right back up), and the login page has settled (every tab update wakes the
    // worker too) before the worker idles out.
    await popup.close();
    await tab.waitForLoadState('networkidle');
    // Resolves once the worker's target is gone; the ping's bootId below proves a new worker finished the link.
    await harness.killServiceWorker();

    await signIn(tab, 'alice@example.com', 'alice-demo');
    const reopened = await openPopup(harness);
    await eventually(() => sendingAs(reopened)).toBe('Sending as Alice Adams · Adams Consulting (US) · DocuSign simulator on this computer');
    const bootAfter = await reopened.evaluate<{ value: { bootId: string } }>(() => chrome.runtime.sendMessage({ type: 'ping', payload: { nonce: 'b' } }));
    expect(bootAfter.value.bootId).not.toBe(bootBefore.value.bootId);
  });
});
