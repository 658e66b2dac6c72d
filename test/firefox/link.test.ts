/**
 * Firefox: a DocuSign login is linked from the popup, by Authorization Code + PKCE in a normal tab
 * that the extension closes when the sign-in comes back (simulator + real companion server), also
 * after the user withdrew the host permissions it needs.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { SIM_CLIENT_ID } from '../../src/server/config.ts';
import { describeInFirefox, test } from './harness.ts';
import { linkAlice, readState, screenshot, startCompanion, useServer, type Companion } from './world.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

describeInFirefox('firefox: linking a DocuSign login', () => {
  test('Connect DocuSign: PKCE in a new tab, the tab closes, the popup shows the login; tokens stay in the extension', async ({ firefox }) => {
    // Firefox MV3 lets the user withdraw even the manifest's hosts (Add-ons → SignBridge → Permissions):
    // Connect DocuSign and Save ask for them again with the click.
    const hosts = ['http://127.0.0.1/*', 'https://account-d.docusign.com/*'];
    const start = await firefox.openExtensionPage('src/popup/index.html');
    expect(await start.evaluate((origins) => chrome.permissions.remove({ origins }), hosts)).toBe(true);
    expect(await start.evaluate((origins) => chrome.permissions.contains({ origins }), hosts)).toBe(false);
    await start.close();

    await useServer(firefox, companion.origin);
    const { popup, authUrl } = await linkAlice(firefox);
    expect(await popup.evaluate((origins) => chrome.permissions.contains({ origins }), hosts)).toBe(true);
    expect(authUrl.origin).toBe(companion.sim.origin);
    expect(authUrl.searchParams.get('client_id')).toBe(SIM_CLIENT_ID);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authUrl.searchParams.get('client_secret')).toBeNull();
    await screenshot(popup, 'popup-connected');

    const loginKey = `${companion.sim.origin}#a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11`;
    const access = await readState<Record<string, { token: string }>>(firefox, 'session', 'auth.accessTokens');
    expect(companion.sim.sim.control.tokensIssued()).toContain(access[loginKey]?.token);
    expect(await readState(firefox, 'sync')).toEqual({});
    // The flow's state is single use: it is gone once the tab came back.
    expect(await readState(firefox, 'session', 'auth.pendingFlow')).toBeFalsy();
    await popup.close();
  });

});
