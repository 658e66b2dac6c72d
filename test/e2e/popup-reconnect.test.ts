/**
 * A dead login, seen from the popup: DocuSign ends the app's access (the simulator's
 * `/_sim/grants/revoke`: every access and refresh token of the user), so the cached access token is
 * refused before any refresh is due. Refresh accounts and a send both mark the login "Needs
 * reconnect" (code `needs_reconnect`, never "try again later"); Reconnect links it again and it sends.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { SIM_CLIENT_ID } from '../../src/server/config.ts';
import { eventually, linkLogin, openPopup, openSignInTab, recordExposure, screenshot, startCompanion, type Companion } from './auth-world.ts';
import { dialogFrame, SEND_BUTTON } from './content-pages.ts';
import { describeInBrowser, test, waitFor, type ExtensionHarness } from './harness.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

const ALICE_SUB = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';

/** Through the simulator's HTTP control route, as a test driving another process would. */
async function revokeAlicesGrants(): Promise<void> {
  const answer = await fetch(`${companion.sim.origin}/_sim/grants/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: ALICE_SUB, clientId: SIM_CLIENT_ID }),
  });
  expect(answer.status).toBe(200);
}

const loginStatus = async (harness: ExtensionHarness) => {
  const stored = await harness.readState<Record<string, { status: string }> | undefined>('local', 'auth.logins');
  return stored?.[`${companion.sim.origin}#${ALICE_SUB}`]?.status;
};

/** Reconnect from the card; DocuSign's session is still live, so the tab closes by itself. */
async function reconnect(harness: ExtensionHarness, popup: Page): Promise<void> {
  const alice = popup.getByRole('region', { name: 'Alice Adams' });
  const tab = await openSignInTab(harness.context, () => alice.getByRole('button', { name: 'Reconnect' }).click());
  await waitFor(() => tab.isClosed(), 'the extension to close the reconnect tab', 15_000);
  await eventually(() => alice.getByText('Needs reconnect').count()).toBe(0);
  expect(await loginStatus(harness)).toBe('connected');
}

describeInBrowser('popup: a dead login says "Needs reconnect" and Reconnect brings it back', () => {
  test('Refresh accounts on a revoked login: Needs reconnect (not "try again"), Reconnect, connected', async ({ harness }) => {
    const exposure = recordExposure(harness.context);
    await linkLogin(harness, companion.origin);
    await revokeAlicesGrants();
    const popup = await openPopup(harness);
    const alice = popup.getByRole('region', { name: 'Alice Adams' });
    await alice.getByRole('button', { name: 'Refresh accounts' }).click();

    await eventually(() => alice.getByText('Needs reconnect').count()).toBe(1);
    const alert = await popup.getByRole('alert').first().textContent();
    expect(alert).toContain('Reconnect');
    expect(alert).not.toContain('Try again in a moment');
    expect(await loginStatus(harness)).toBe('needs_reconnect');
    expect(await popup.getByText('Reconnect this login before sending.').count()).toBe(1);
    await screenshot(popup, 'popup-reconnect-after-refresh');

    await reconnect(harness, popup);
    // Usable again: Refresh accounts reads userinfo with the new token.
    await alice.getByRole('button', { name: 'Refresh accounts' }).click();
    await eventually(() => companion.sim.sim.control.calls().filter((c) => c.path === '/oauth/userinfo').at(-1)?.status).toBe(200);
    expect(await popup.getByRole('alert').count()).toBe(0);
    // The sign-in tabs the worker closed on arrival reported their page first: a gone tab is no error.
    expect(exposure.seen.console.filter((line) => line.includes('[signbridge]'))).toEqual([]);
  });

  test('a 401 on a send marks the login; after Reconnect, the same dialog sends exactly one envelope', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    await revokeAlicesGrants();
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await page.locator('tr.attachment-row').first().getByRole('button', { name: SEND_BUTTON }).click();
    const dialog = await dialogFrame(page, harness);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent({ timeout: 500 }), { timeout: 20_000 }).toContain('Reconnect');
    const before = companion.sim.sim.control.envelopes().length;
    expect(await loginStatus(harness)).toBe('needs_reconnect');

    const popup = await openPopup(harness);
    await eventually(() => popup.getByRole('region', { name: 'Alice Adams' }).getByText('Needs reconnect').count()).toBe(1);
    await screenshot(popup, 'popup-reconnect-after-send');
    await reconnect(harness, popup);
    await popup.close();

    // Back on the page, as the user is: the popup's tab hid it, and the dialog's clickjacking guard arms
    // again only once it has seen the dialog visible; a click before that is dropped by design.
    await page.bringToFront();
    await eventually(() => dialog.getByTestId('not-visible').count()).toBe(0);
    await eventually(() => dialog.getByRole('button', { name: 'Retry' }).isEnabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    expect(companion.sim.sim.control.envelopes().length).toBe(before + 1);
    await page.close();
  });
});
