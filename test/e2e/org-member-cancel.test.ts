/**
 * Member sign-ins that end without a session, as the DocuSign linking tests do it (auth-cancel.test.ts,
 * auth-link.test.ts): the tab closed, a forged or a replayed `state`, and the service worker stopped
 * while the member types their password (the sign-in still completes).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { eventually, openPopup, screenshot } from './auth-world.ts';
import { describeInBrowser, test, waitFor, type ExtensionHarness } from './harness.ts';
import { fillIdpLogin, freshMemberPopup, startOrgWorld, type OrgWorld } from './org-world.ts';

let world: OrgWorld;
beforeAll(async () => {
  world = await startOrgWorld();
});
afterAll(async () => {
  await world.close();
});

async function startMemberSignIn(harness: ExtensionHarness): Promise<{ popup: Page; tab: Page; state: string }> {
  const popup = await freshMemberPopup(harness, world);
  const button = popup.getByRole('button', { name: 'Sign in with Adams Consulting' });
  await button.waitFor({ timeout: 15_000 });
  const [tab] = await Promise.all([harness.context.waitForEvent('page', { timeout: 15_000 }), button.click()]);
  await tab.getByLabel('E-mail').waitFor({ timeout: 15_000 });
  expect(tab.url().startsWith(world.idp.issuer)).toBe(true);
  // What the worker keeps while the member types (the authorization request's parameters are checked against
  // oidc-provider in src/background/auth/member-oidc.test.ts): single-use state and nonce, PKCE verifier, a deadline.
  const flow = await harness.readState<{ state: string; nonce: string; verifier: string; redirectUri: string }>('session', 'member.pendingFlow');
  expect(flow.nonce.length).toBeGreaterThan(20);
  expect(flow.verifier.length).toBeGreaterThan(40);
  expect(flow.redirectUri).toBe(`${world.origin}/oidc/callback`);
  const { state } = flow;
  expect(state.length).toBeGreaterThan(20);
  return { popup, tab, state };
}

const alertText = (popup: Page) => popup.getByRole('alert').first().textContent();
const tabClosed = (tab: Page) => waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab');

async function expectNotSignedIn(harness: ExtensionHarness): Promise<void> {
  expect((await harness.readState('session', 'member.pendingFlow')) ?? null).toBeNull();
  expect((await harness.readState('session', 'member.session')) ?? null).toBeNull();
  expect((await harness.readState('local', 'member.organization')) ?? null).toBeNull();
}

describeInBrowser('organization members: sign-in endings that give no session', () => {
  test('closing the sign-in tab says how to try again', async ({ harness }) => {
    const { popup, tab } = await startMemberSignIn(harness);
    await tab.close();
    await eventually(() => alertText(popup)).toContain('The sign-in tab was closed before you finished.');
    await screenshot(popup, 'popup-org-tab-closed');
    await expectNotSignedIn(harness);
  });

  test('a state SignBridge did not issue is refused; a replayed answer in another tab is ignored', async ({ harness }) => {
    const forged = await startMemberSignIn(harness);
    await forged.tab.goto(`${world.origin}/oidc/callback?code=forged&state=not-the-state`).catch(() => undefined);
    await tabClosed(forged.tab);
    await eventually(() => alertText(forged.popup)).toContain('did not ask for');
    await screenshot(forged.popup, 'popup-org-wrong-state');
    await expectNotSignedIn(harness);

    const real = await startMemberSignIn(harness);
    const callback = await fillIdpLogin(real.tab, 'dana@adams.example', world);
    await eventually(() => real.popup.getByTestId('member').textContent()).toBe('Dana Diaz · Adams Consulting');
    // A page that replays the answer in a tab of its own: the extension neither closes that tab
    // (a page must not make it close tabs) nor changes anything (redirect.ts: only the flow's own tab).
    const replay = await harness.context.newPage();
    await replay.goto(callback).catch(() => undefined);
    await replay.waitForLoadState('load');
    await eventually(() => real.popup.getByTestId('member').textContent()).toBe('Dana Diaz · Adams Consulting');
    expect(replay.isClosed()).toBe(false);
    expect((await real.popup.getByRole('alert').allTextContents()).join(' ')).not.toContain('already used');
    await screenshot(real.popup, 'popup-org-replay-ignored');
    await replay.close();
  });

  test('the service worker stopped while the member types their password: the sign-in still completes', async ({ harness }) => {
    const { popup, tab } = await startMemberSignIn(harness);
    const before = await popup.evaluate<{ value: { bootId: string } }>(() => chrome.runtime.sendMessage({ type: 'ping', payload: { nonce: 'a' } }));
    await popup.close();
    await tab.waitForLoadState('networkidle');
    await harness.killServiceWorker();

    await fillIdpLogin(tab, 'dana@adams.example', world);
    const reopened = await openPopup(harness);
    await eventually(() => reopened.getByTestId('member').textContent()).toBe('Dana Diaz · Adams Consulting');
    const after = await reopened.evaluate<{ value: { bootId: string } }>(() => chrome.runtime.sendMessage({ type: 'ping', payload: { nonce: 'b' } }));
    expect(after.value.bootId).not.toBe(before.value.bootId);
  });
});
