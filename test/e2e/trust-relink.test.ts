/**
 * Issue 14, findings 2 and 6: a login is bound to the companion server it was linked through. After the
 * server address changes the login is unusable, and says so, until it is reconnected through the new
 * server; a reconnect that signs in as another DocuSign user is refused and changes nothing.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { companionsForFile, eventually, linkLogin, openPopup, screenshot, signInThrough, useServer } from './auth-world.ts';
import { describeInBrowser, test, type ExtensionHarness } from './harness.ts';

const servers = companionsForFile();

type StoredLogins = Record<string, { server: string; sub: string; status: string }>;
const storedLogins = async (harness: ExtensionHarness) => (await harness.readState<StoredLogins | undefined>('local', 'auth.logins')) ?? {};

async function aliceNeedsReconnect(harness: ExtensionHarness): Promise<Page> {
  await linkLogin(harness, servers.first.origin);
  await useServer(harness, servers.second.origin);
  const popup = await openPopup(harness);
  const alice = popup.getByRole('region', { name: 'Alice Adams' });
  await eventually(() => alice.getByText('Needs reconnect').count()).toBe(1);
  return popup;
}

describeInBrowser('trust: a login is bound to the server it was linked through', () => {
  test('a changed server address leaves the login unusable, with a message, until it is reconnected through the new server', async ({ harness }) => {
    const popup = await aliceNeedsReconnect(harness);
    const alice = popup.getByRole('region', { name: 'Alice Adams' });
    expect(await alice.getByRole('alert').textContent()).toContain(`linked through the SignBridge server ${servers.first.origin}, but SignBridge now uses ${servers.second.origin}`);
    await screenshot(popup, 'popup-server-changed');
    const [key] = Object.keys(await storedLogins(harness));
    const send: unknown = await popup.evaluate(
      (k) => chrome.runtime.sendMessage({ type: 'authCheckToken', payload: { loginKey: k } }),
      key ?? '',
    );
    // The token itself is fine; only its use with another server is refused (documents.ts and signing.ts go through auth/grant.ts).
    expect(send).toMatchObject({ ok: true });

    await harness.context.clearCookies();
    await signInThrough(harness, () => alice.getByRole('button', { name: 'Reconnect' }).click(), 'alice@example.com', 'alice-demo');
    await eventually(() => alice.getByText('Needs reconnect').count()).toBe(0);
    expect(Object.values(await storedLogins(harness)).map((l) => l.server)).toEqual([servers.second.origin]);
    await screenshot(popup, 'popup-relinked');
    await popup.close();
  });

  test('a reconnect that signs in as another DocuSign user is refused and changes nothing', async ({ harness }) => {
    const popup = await aliceNeedsReconnect(harness);
    const before = await storedLogins(harness);
    await harness.context.clearCookies();
    const alice = popup.getByRole('region', { name: 'Alice Adams' });
    await signInThrough(harness, () => alice.getByRole('button', { name: 'Reconnect' }).click(), 'bob@example.com', 'bob-demo');
    await eventually(() => popup.getByRole('alert').first().textContent()).toContain('You signed in to DocuSign as Bob Brown (bob@example.com), not as the login you were reconnecting');
    await screenshot(popup, 'popup-reconnect-other-user');
    expect(await storedLogins(harness)).toEqual(before);
    expect(await popup.getByRole('region', { name: 'Bob Brown' }).count()).toBe(0);
    await popup.close();
  });
});
