/**
 * Issue 14, finding 1: what a content script's world can write must not steer where the worker sends
 * secrets. From the isolated world of a page (evaluated there, as an attacker with a renderer bug in
 * the content script would), every `storage.local` key is rewritten to point at a trap server; then a
 * send and a token refresh are driven. The trap must receive nothing: the worker reads only values it
 * signed itself (src/background/storage.ts), and re-checks where tokens go (auth/grant.ts, tokens.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { expireAccessToken, inContentScript, linkLogin, startCompanion, startTrap, type Companion } from './auth-world.ts';
import { buttonTargets, dialogFrame, SEND_BUTTON } from './content-pages.ts';
import { describeInBrowser, ROOT, test, waitFor, type ExtensionHarness } from './harness.ts';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(join(ROOT, 'test/pages/files', file))).digest('hex');

let companion: Companion;
let trap: Awaited<ReturnType<typeof startTrap>>;
beforeAll(async () => {
  [companion, trap] = await Promise.all([startCompanion(), startTrap()]);
});
afterAll(async () => {
  await Promise.all([companion.close(), trap.close()]);
});

/** What the attacker writes: every key it finds, in every shape (bare, and the signed shape with its text changed). */
function rewriteEverything(page: Page, trapOrigin: string, only?: string[]): Promise<string[]> {
  return inContentScript<string[]>(
    page,
    `(async () => {
      const trap = ${JSON.stringify(trapOrigin)};
      const only = ${JSON.stringify(only ?? null)};
      const all = await chrome.storage.local.get(null);
      const keys = [...new Set([...Object.keys(all), 'settings.serverUrl', 'auth.logins', 'auth.selectedLogin', 'auth.siteChoices', 'auth.refreshTokens'])]
        .filter((k) => !only || only.includes(k));
      const poison = (value) => {
        if (typeof value === 'string') return value.includes('#') ? trap + '#' + value.split('#')[1] : trap;
        if (Array.isArray(value)) return value.map(poison);
        if (value && typeof value === 'object') {
          return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.includes('#') ? trap + '#' + k.split('#')[1] : k, poison(v)]));
        }
        return value;
      };
      for (const key of keys) {
        const stored = all[key];
        const inner = stored && typeof stored.json === 'string' ? JSON.parse(stored.json) : stored;
        const text = JSON.stringify(poison(inner ?? trap));
        // The signed shape with its MAC kept (a forger's best try) for existing items, bare values for the rest.
        await chrome.storage.local.set({ [key]: stored && stored.mac ? { json: text, mac: stored.mac } : JSON.parse(text) });
      }
      return keys;
    })()`,
  );
}

/** The dialog for the record's `row`-th document (each stage sends another one: a sent one's button says Sent). */
async function openDialog(page: Page, harness: ExtensionHarness, url: string, row: number, file: string): Promise<Frame> {
  await page.goto(url);
  await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
  await page.locator('tr.attachment-row').nth(row).getByRole('button', { name: SEND_BUTTON }).click();
  const dialog = await dialogFrame(page, harness);
  await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 10_000 }).toBe(sha256(file));
  return dialog;
}

const loginKey = async (harness: ExtensionHarness) =>
  Object.keys((await harness.readState<Record<string, unknown> | undefined>('local', 'auth.logins')) ?? {})[0] ?? '';

describeInBrowser('trust: a content script cannot steer where tokens go', () => {
  test('the server address and login records a content script writes are ignored: sends and refreshes reach only the linked server and DocuSign', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const key = await loginKey(harness);
    expect(key).toContain('#');
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));

    // 1. The choices that pick a login: ignored, so a send goes through, to the real server.
    await rewriteEverything(page, trap.origin, ['auth.siteChoices', 'auth.selectedLogin']);
    await expireAccessToken(harness, key);
    const tokenCalls = () => companion.sim.sim.control.calls().filter((c) => c.path === '/oauth/token' && c.status === 200).length;
    const [before, refreshesBefore] = [companion.sim.sim.control.envelopes().length, tokenCalls()];
    let dialog = await openDialog(page, harness, pages.url('crm-record.html'), 0, 'msa.pdf');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    expect(companion.sim.sim.control.envelopes()).toHaveLength(before + 1);
    // The refresh went to the real account server (the simulator) with the real refresh token.
    expect(tokenCalls()).toBe(refreshesBefore + 1);

    // 2. The server address: the forged one reads as unset, and the login, bound to the server it was
    //    linked through, is not used with another (the built-in default) until it is relinked.
    await rewriteEverything(page, trap.origin, ['settings.serverUrl']);
    dialog = await openDialog(page, harness, pages.url('crm-record.html'), 1, 'order-form.docx');
    // The worker reads that login as needing a reconnect: the dialog offers Reconnect, and Send stays off.
    await expect.poll(() => dialog.getByRole('button', { name: 'Reconnect' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);

    // 3. Every key: the forged records read as empty. Nothing is sent, and the user is told to link again.
    const written = await rewriteEverything(page, trap.origin);
    expect(written).toEqual(expect.arrayContaining(['settings.serverUrl', 'auth.logins', 'auth.refreshTokens', 'sentDocuments', 'completedSends']));
    await expireAccessToken(harness, key);
    // The forged "sent" records read as empty too: the first document's button offers a send again.
    dialog = await openDialog(page, harness, pages.url('crm-record.html'), 0, 'msa.pdf');
    await expect.poll(() => dialog.getByRole('button', { name: 'Connect DocuSign' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    const popup = await harness.openExtensionPage('src/popup/index.html');
    const refresh: unknown = await popup.evaluate((k) => chrome.runtime.sendMessage({ type: 'authCheckToken', payload: { loginKey: k } }), key);
    expect(refresh).toMatchObject({ ok: false });
    const trapKey = `${trap.origin}#${key.split('#')[1] ?? ''}`;
    expect(await popup.evaluate((k) => chrome.runtime.sendMessage({ type: 'authCheckToken', payload: { loginKey: k } }), trapKey)).toMatchObject({ ok: false });

    expect(trap.hits()).toEqual([]);
    await popup.close();
    await page.close();
  });
});
