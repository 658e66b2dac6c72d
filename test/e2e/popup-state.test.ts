/**
 * What the popup says stays true as things change: the "Connected as Bob Brown" notice ends when the
 * user switches to Alice; the account remembered for the open tab's site is shown, with a way back to
 * the default; "Sending as" names the account and its environment in words, not DocuSign's site codes.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, linkLogin, openPopup, openSignInTab, screenshot, startCompanion, type Companion } from './auth-world.ts';
import { describeInBrowser, test, waitFor, type ExtensionHarness } from './harness.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

const BOB_SUB = 'b2e1d9f3-5c8e-4d2a-8f4b-7e3c6a9d1b22';
const BOB_ACCOUNT = '18d7c5f9-1c4e-4d8a-8fab-3e9c2a5d7b88';
const SIM = 'DocuSign simulator on this computer';

async function addBob(harness: ExtensionHarness, popup: Page): Promise<void> {
  const tab = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Add another DocuSign login' }).click());
  await tab.getByLabel('Email').fill('bob@example.com');
  await tab.getByLabel('Password').fill('bob-demo');
  await tab.getByRole('button', { name: 'Log in' }).click({ noWaitAfter: true });
  await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab', 15_000);
}

/** The popup, looking at `site` as the active tab (a popup opened as a tab would otherwise see itself). */
async function popupFor(harness: ExtensionHarness, site: Page): Promise<Page> {
  const popup = await openPopup(harness);
  await site.bringToFront();
  await popup.reload();
  return popup;
}

describeInBrowser('popup: nothing on screen contradicts the selection', () => {
  test('"Connected as Bob Brown" ends when the user switches to Alice; labels name account and environment', async ({ harness }) => {
    await linkLogin(harness, companion.origin);
    const popup = await openPopup(harness);
    await addBob(harness, popup);
    await eventually(() => popup.getByTestId('sending-as').textContent()).toBe(`Sending as Bob Brown · Brown Realty · ${SIM}`);
    await eventually(() => popup.getByText('Connected as Bob Brown').count()).toBe(1);

    await popup.getByRole('region', { name: 'Alice Adams' }).getByRole('button', { name: 'Use this login' }).click();
    await eventually(() => popup.getByTestId('sending-as').textContent()).toBe(`Sending as Alice Adams · Adams Consulting (US) · ${SIM}`);
    expect(await popup.getByText('Connected as Bob Brown').count()).toBe(0);
    // No DocuSign site codes ("(na2)") in what people read.
    expect(await popup.locator('main').textContent()).not.toMatch(/\((na|eu)\d\)/);
    await screenshot(popup, 'popup-switched-no-stale-notice');
    await popup.close();
  });

  test('the account remembered for this site is shown, and "Use the default on this site" forgets it', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const popup = await openPopup(harness);
    await addBob(harness, popup);
    await popup.getByRole('region', { name: 'Alice Adams' }).getByRole('button', { name: 'Use this login' }).click();
    await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Alice Adams');
    // The send window's "remember for this site": this CRM sends from Bob's account.
    const site = await harness.context.newPage();
    await site.goto(pages.url('crm-record.html'));
    const loginKey = `${companion.sim.origin}#${BOB_SUB}`;
    await popup.evaluate(
      ([key, account, url]) => chrome.runtime.sendMessage({ type: 'authSelect', payload: { loginKey: key, accountId: account, site: url } }),
      [loginKey, BOB_ACCOUNT, site.url()] as const,
    );
    await popup.close();

    const onSite = await popupFor(harness, site);
    const host = new URL(site.url()).host;
    await eventually(() => onSite.getByTestId('site-choice').textContent({ timeout: 500 }).catch(() => null)).toContain(
      `On ${host}: sends from Bob Brown · Brown Realty · ${SIM}.`,
    );
    // The global choice still stands for everywhere else.
    expect(await onSite.getByTestId('sending-as').textContent()).toContain('Alice Adams');
    await screenshot(onSite, 'popup-site-choice');

    await onSite.getByRole('button', { name: 'Use the default on this site' }).click();
    await eventually(() => onSite.getByTestId('site-choice').count()).toBe(0);
    expect(await harness.readState('local', 'auth.siteChoices')).toEqual({});
    await onSite.close();
    await site.close();
  });
});
