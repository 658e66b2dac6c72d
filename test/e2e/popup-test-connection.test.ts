/**
 * "Test connection" in the popup, in Chromium against the companion server and the DocuSign simulator:
 * a healthy linked login passes every step; with a failure injected at the simulator (the user removed
 * from the account, the hourly limit nearly spent) the popup names the cause and its fix. axe in light
 * and dark on the popup with the result shown; screenshots in test-results/screenshots/.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { checkInBothSchemes } from '../support/a11y.ts';
import { linkLogin, openPopup, recordExposure, startCompanion, type Companion } from './auth-world.ts';
import { describeInBrowser, test, waitFor } from './harness.ts';

const ALICE = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';
const ALICE_US = 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

/** Click "Test connection" and wait for its result. */
async function testConnection(popup: Page): Promise<{ ok: string | null; steps: [string | null, string | null][] }> {
  const card = popup.getByTestId('test-connection');
  await card.getByRole('button', { name: 'Test connection' }).click();
  await waitFor(async () => (await card.locator('[data-ok]').count()) > 0, 'the connection test result');
  const steps = await card.locator('li[data-step]').evaluateAll((items) => items.map((li) => [li.getAttribute('data-step'), li.getAttribute('data-status')] as [string | null, string | null]));
  return { ok: await card.locator('[data-ok]').getAttribute('data-ok'), steps };
}

describeInBrowser('popup: test connection', () => {
  test('a healthy login passes every step; a user removed from the account and a limit nearly spent are named with their fix', async ({ harness }) => {
    const exposure = recordExposure(harness.context);
    await linkLogin(harness, companion.origin);
    const popup = await openPopup(harness);
    const causes = companion.sim.sim.causes;
    try {
      // A click the page script makes (isTrusted false) sends nothing: only the three trusted tests below reach the server.
      await popup.getByRole('button', { name: 'Test connection' }).evaluate((button) => (button as HTMLButtonElement).click());
      const healthy = await testConnection(popup);
      expect(healthy).toEqual({
        ok: 'true',
        steps: [['token', 'passed'], ['userinfo', 'passed'], ['membership', 'passed'], ['base_uri', 'passed'], ['esign', 'passed'], ['rate_limit', 'passed']],
      });
      const card = popup.getByTestId('test-connection');
      expect(await card.innerText()).toContain('Everything works: SignBridge can send from this login.');
      expect(await card.locator('[data-step="membership"]').innerText()).toContain('You are a member of Adams Consulting (US).');
      expect(await card.locator('[data-step="userinfo"]').innerText()).toContain('DocuSign lists 2 accounts for you.');
      expect(await checkInBothSchemes(popup, 'popup-test-connection-passed', '[data-testid="test-connection"]')).toEqual({ light: [], dark: [] });

      causes.removeMember(ALICE_US, ALICE);
      const removed = await testConnection(popup);
      expect(removed.ok).toBe('false');
      expect(removed.steps.slice(2, 4)).toEqual([['membership', 'failed'], ['base_uri', 'skipped']]);
      const membership = await card.locator('[data-step="membership"]').innerText();
      expect(membership).toContain('You are no longer a member of the DocuSign account you send from.');
      expect(membership).toContain('What to do: Ask your DocuSign administrator to add you to the account again');
      // One account left: said in words, not "1 account(s)".
      expect(await card.locator('[data-step="userinfo"]').innerText()).toContain('DocuSign lists one account for you.');
      expect(await checkInBothSchemes(popup, 'popup-test-connection-not-member', '[data-testid="test-connection"]')).toEqual({ light: [], dark: [] });

      causes.addMember(ALICE_US, { sub: ALICE, isDefault: true });
      causes.leaveHourlyCalls(ALICE_US, 50);
      const spent = await testConnection(popup);
      expect(spent.ok).toBe('false');
      expect(spent.steps.at(-1)).toEqual(['rate_limit', 'failed']);
      const limit = await card.locator('[data-step="rate_limit"]').innerText();
      expect(limit).toMatch(/The account has nearly used up its calls to DocuSign for this hour: 49 of 3000 left\./);
      expect(limit).toMatch(/What to do: Wait until \d\d:\d\d UTC, when the count starts again/);
      expect(await checkInBothSchemes(popup, 'popup-test-connection-limit', '[data-testid="test-connection"]')).toEqual({ light: [], dark: [] });

      expect(exposure.seen.urls.filter((u) => u === `${companion.origin}/v1/check`)).toHaveLength(3);
      // The access token never reached the popup, a page or a console.
      await exposure.snapshot();
      const tokens = companion.sim.sim.control.tokensIssued();
      expect(tokens.length).toBeGreaterThan(0);
      // The authorization code rides in the redirect to the redirect URI by OAuth's design; nothing else may.
      const urls = exposure.seen.urls.filter((u) => !u.startsWith(`${companion.redirectUri}?`));
      const seen = [...exposure.seen.console, ...exposure.seen.html, ...urls].join('\n');
      for (const token of tokens) expect(seen).not.toContain(token);
    } finally {
      await popup.close();
    }
  });
});
