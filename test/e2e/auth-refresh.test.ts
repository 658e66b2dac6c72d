/**
 * Silent refresh against the simulator: with its clock past the access token's expiry, 50 concurrent
 * token requests make exactly one refresh call and the rotated refresh token is the one stored; a
 * revoked refresh token leads to "needs reconnect" with no retry loop, and Reconnect links again.
 * Throughout, every token and code the simulator issued is searched for in what pages, logs, URLs and
 * content-script-reachable storage show.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import type { SimServer } from '../../src/sim/index.ts';
import {
  eventually,
  contentScriptStorage,
  openPopup,
  openSignInTab,
  recordExposure,
  resetExtension,
  screenshot,
  startCompanion,
  useServer,
  type Companion,
} from './auth-world.ts';
import { describeInBrowser, test, waitFor } from './harness.ts';

let sim: SimServer;
let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
  sim = companion.sim;
});
afterAll(async () => {
  await companion.close();
});

const ALICE_SUB = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';
const EIGHT_HOURS_AND_A_MINUTE = 8 * 3_600_000 + 60_000;

/** The browser's clock passes the access token's expiry too: move its recorded expiry into the past. */
async function expireAccessToken(worker: Worker, loginKey: string): Promise<void> {
  await worker.evaluate(async (key) => {
    const stored: Record<string, Record<string, { token: string; expiresAt: number }> | undefined> =
      await chrome.storage.session.get('auth.accessTokens');
    const all = stored['auth.accessTokens'] ?? {};
    const entry = all[key];
    if (entry) await chrome.storage.session.set({ 'auth.accessTokens': { ...all, [key]: { ...entry, expiresAt: Date.now() - 1 } } });
  }, loginKey);
}

/** Opens the sealed refresh token inside the worker, with the worker's own non-extractable key. */
function storedRefreshToken(worker: Worker, loginKey: string): Promise<string> {
  return worker.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('signbridge-vault', 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error('no vault'));
    });
    const cryptoKey = await new Promise<CryptoKey>((resolve) => {
      const request = db.transaction('keys').objectStore('keys').get('refresh-token-key');
      request.onsuccess = () => resolve(request.result as CryptoKey);
    });
    const stored: Record<string, { json: string } | undefined> = await chrome.storage.local.get('auth.refreshTokens');
    const signed = stored['auth.refreshTokens'];
    const box = signed ? (JSON.parse(signed.json) as Record<string, { iv: string; data: string } | undefined>)[key] : undefined;
    if (!box) return '';
    const bytes = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes(box.iv), additionalData: new TextEncoder().encode(key) },
      cryptoKey,
      bytes(box.data),
    );
    return new TextDecoder().decode(plain);
  }, loginKey);
}

type Answer = { ok: boolean; error?: { code: string }; value?: { expiresAt: number } };
function checkTokens(popup: Page, loginKey: string, count: number): Promise<Answer[]> {
  return popup.evaluate<Answer[], [string, number]>(
    ([key, n]) =>
      Promise.all(Array.from({ length: n }, () => chrome.runtime.sendMessage({ type: 'authCheckToken', payload: { loginKey: key } }))),
    [loginKey, count],
  );
}

describeInBrowser('auth: silent refresh, needs-reconnect, and no token in sight', () => {
  test('one refresh for 50 callers, rotation stored, revocation ends in needs-reconnect without a loop', async ({ harness, pages }) => {
    await resetExtension(harness);
    await harness.context.clearCookies();
    const exposure = recordExposure(harness.context);
    await useServer(harness, companion.origin);
    const popup = await openPopup(harness);
    const loginKey = `${sim.origin}#${ALICE_SUB}`;
    const tokenCalls = () => sim.sim.control.calls().filter((c) => c.method === 'POST' && c.path === '/oauth/token').length;

    const tab = await openSignInTab(harness.context, () => popup.getByRole('button', { name: 'Connect DocuSign' }).click());
    await tab.getByLabel('Email').fill('alice@example.com');
    await tab.getByLabel('Password').fill('alice-demo');
    await tab.getByRole('button', { name: 'Log in' }).click({ noWaitAfter: true });
    await waitFor(() => tab.isClosed(), 'the extension to close the sign-in tab');
    await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Alice Adams');

    // A fresh token: no refresh at all.
    const idle = tokenCalls();
    expect((await checkTokens(popup, loginKey, 5)).every((a) => a.ok)).toBe(true);
    expect(tokenCalls()).toBe(idle);

    // Eight hours later.
    const worker = await harness.serviceWorker();
    const firstRefreshToken = await storedRefreshToken(worker, loginKey);
    expect(sim.sim.control.tokensIssued()).toContain(firstRefreshToken);
    await sim.sim.control.advance(EIGHT_HOURS_AND_A_MINUTE);
    await expireAccessToken(worker, loginKey);
    const before = tokenCalls();
    const answers = await checkTokens(popup, loginKey, 50);
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(tokenCalls() - before).toBe(1);
    const rotated = await storedRefreshToken(worker, loginKey);
    expect(rotated).not.toBe(firstRefreshToken);
    const issuedRefreshTokens = sim.sim.control.tokensIssued().filter((t) => t.startsWith('eyJ0eXAiOiJNVCJ9.r'));
    expect(issuedRefreshTokens.at(-1)).toBe(rotated);
    // The new access token is the one the simulator accepts: re-reading accounts works.
    await popup.getByRole('region', { name: 'Alice Adams' }).getByRole('button', { name: 'Refresh accounts' }).click();
    await eventually(() => sim.sim.control.calls().filter((c) => c.path === '/oauth/userinfo').at(-1)?.status).toBe(200);

    // DocuSign briefly unavailable: the caller hears so, the login stays linked, the next call refreshes.
    await expireAccessToken(worker, loginKey);
    sim.sim.control.inject({ method: 'POST', path: '/oauth/token', mode: 'error503' });
    expect((await checkTokens(popup, loginKey, 1))[0]?.error?.code).toBe('auth_unreachable');
    expect(await storedRefreshToken(worker, loginKey)).toBe(rotated);
    const recovered = await checkTokens(popup, loginKey, 1);
    expect(recovered[0]?.ok).toBe(true);
    const current = await storedRefreshToken(worker, loginKey);
    expect(current).not.toBe(rotated);

    // DocuSign revokes the refresh token; the next refresh is refused once, and never retried.
    sim.sim.control.revokeToken(current);
    await expireAccessToken(worker, loginKey);
    const beforeRevoked = tokenCalls();
    const refused = await checkTokens(popup, loginKey, 10);
    expect(refused.map((a) => a.error?.code)).toEqual(Array.from({ length: 10 }, () => 'needs_reconnect'));
    expect(tokenCalls() - beforeRevoked).toBe(1);
    expect((await checkTokens(popup, loginKey, 5)).every((a) => a.error?.code === 'needs_reconnect')).toBe(true);
    expect(tokenCalls() - beforeRevoked).toBe(1);
    expect(await storedRefreshToken(worker, loginKey)).toBe('');

    const alice = popup.getByRole('region', { name: 'Alice Adams' });
    await eventually(() => alice.getByText('Needs reconnect').count()).toBe(1);
    // The linking's good news does not stand above the login it spoke of, now dead.
    expect(await popup.getByText('Connected as Alice Adams', { exact: false }).count()).toBe(0);
    await screenshot(popup, 'popup-needs-reconnect');

    // Reconnect: DocuSign's session is still live, so it answers without a password.
    const again = await openSignInTab(harness.context, () => alice.getByRole('button', { name: 'Reconnect' }).click());
    await waitFor(() => again.isClosed(), 'the extension to close the reconnect tab');
    await eventually(() => alice.getByText('Needs reconnect').count()).toBe(0);
    expect((await checkTokens(popup, loginKey, 1))[0]?.ok).toBe(true);

    // No token or code the simulator issued is in a page, a log line, a URL or content-script-reachable storage.
    await exposure.snapshot();
    const issued = sim.sim.control.tokensIssued();
    expect(issued.length).toBeGreaterThan(6);
    // The authorization code travels in the redirect to the redirect URI by OAuth's design (and is useless
    // without the verifier); any other URL must not carry it, and no token may be in any URL.
    const redirects = exposure.seen.urls.filter((u) => u.startsWith(companion.redirectUri));
    const codes = new Set(redirects.map((u) => new URL(u).searchParams.get('code')).filter((c) => c !== null));
    expect(codes.size).toBeGreaterThanOrEqual(1);
    const storage = JSON.stringify([await harness.readState('local'), await harness.readState('sync')]);
    const openTabs = harness.context.pages().map((p) => p.url());
    for (const value of issued) {
      expect(exposure.seen.console.some((line) => line.includes(value)), 'a console line').toBe(false);
      expect(exposure.seen.html.some((html) => html.includes(value)), 'a page').toBe(false);
      expect(storage.includes(value), 'storage.local or storage.sync').toBe(false);
      expect(openTabs.some((url) => url.includes(value)), 'an open tab').toBe(false);
      const urls = codes.has(value) ? exposure.seen.urls.filter((u) => !u.startsWith(`${companion.redirectUri}?`)) : exposure.seen.urls;
      expect(urls.some((url) => url.includes(value)), 'a URL').toBe(false);
    }
    expect(exposure.seen.html.length).toBeGreaterThan(3);
    expect(exposure.seen.urls.length).toBeGreaterThan(5);

    // What a content script itself can reach: storage.local (sealed only), and no storage.session at all.
    const page = await harness.context.newPage();
    await page.goto(pages.url('plain.html'));
    const reach = await contentScriptStorage(page);
    expect(reach.local).toContain('auth.refreshTokens');
    expect(reach.session).toBe('refused: Access to storage is not allowed from this context.');
    for (const value of issued) expect(reach.local.includes(value), 'storage a content script reads').toBe(false);
    await page.close();
  });
});
