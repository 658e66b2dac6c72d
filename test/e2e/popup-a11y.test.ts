/**
 * axe-core on the popup in each of its states (no login, one login, two logins after a switch, a login
 * that needs reconnecting, an organization member signed in) and on the options page (as opened, and
 * refusing an address), in light and dark: no serious or critical violation. Each state's screenshot in
 * both schemes goes to test-results/screenshots/ for review; the German run proves the longer words fit.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { SIM_CLIENT_ID } from '../../src/server/config.ts';
import { checkInBothSchemes } from '../support/a11y.ts';
import { eventually, openPopup, resetExtension, signInThrough } from './auth-world.ts';
import { createHarness, describeInBrowser, launchWithExtension, test, type ExtensionHarness } from './harness.ts';
import { fillIdpLogin, startOrgWorld, type OrgWorld } from './org-world.ts';

let world: OrgWorld;
beforeAll(async () => {
  world = await startOrgWorld();
});
afterAll(async () => {
  await world.close();
});

const ALICE_SUB = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';
const clean = { light: [], dark: [] };

/** Every popup state in turn, each checked and photographed as `<prefix>-<state>-<scheme>.png`. */
async function walkPopupStates(harness: ExtensionHarness, prefix: string, text: Record<'connect' | 'add' | 'use' | 'refresh' | 'reconnect' | 'signIn', string>) {
  // The Options page's field has a label in each language: set the server as it would.
  await resetExtension(harness);
  await harness.context.clearCookies();
  await harness.writeLocalItem('settings.serverUrl', world.origin);
  const popup = await openPopup(harness);
  await eventually(() => popup.getByRole('button', { name: text.connect }).count()).toBe(1);
  await eventually(() => popup.getByTestId('organization').count()).toBe(1);
  expect(await checkInBothSchemes(popup, `${prefix}-no-login`)).toEqual(clean);

  await signInThrough(harness, () => popup.getByRole('button', { name: text.connect }).click(), 'alice@example.com', 'alice-demo');
  await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Alice Adams');
  expect(await checkInBothSchemes(popup, `${prefix}-one-login`)).toEqual(clean);

  await signInThrough(harness, () => popup.getByRole('button', { name: text.add }).click(), 'bob@example.com', 'bob-demo');
  await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Bob Brown');
  const alice = popup.getByRole('region', { name: 'Alice Adams' });
  await alice.getByRole('button', { name: text.use }).click();
  await eventually(() => popup.getByTestId('sending-as').textContent()).toContain('Alice Adams');
  expect(await checkInBothSchemes(popup, `${prefix}-two-logins`)).toEqual(clean);

  world.sim.sim.control.revokeGrants(ALICE_SUB, SIM_CLIENT_ID);
  await alice.getByRole('button', { name: text.refresh }).click();
  await eventually(() => alice.getByRole('button', { name: text.reconnect }).count()).toBe(1);
  expect(await checkInBothSchemes(popup, `${prefix}-needs-reconnect`)).toEqual(clean);

  const [tab] = await Promise.all([
    harness.context.waitForEvent('page', { timeout: 15_000 }),
    popup.getByRole('button', { name: text.signIn }).click(),
  ]);
  await fillIdpLogin(tab, 'dana@adams.example', world);
  await eventually(() => popup.getByTestId('member').count()).toBe(1);
  expect(await checkInBothSchemes(popup, `${prefix}-organization`)).toEqual(clean);
  await popup.close();
}

async function checkOptions(harness: ExtensionHarness, prefix: string, save: string): Promise<void> {
  const options: Page = await harness.openExtensionPage('src/options/index.html');
  await options.setViewportSize({ width: 800, height: 500 });
  await eventually(() => options.getByTestId('server-in-use').count()).toBe(1);
  expect(await checkInBothSchemes(options, `${prefix}-options`)).toEqual(clean);
  await options.locator('#server-url').fill('http://signbridge.intranet.example');
  await options.getByRole('button', { name: save }).click();
  await eventually(() => options.getByRole('alert').count()).toBe(1);
  expect(await checkInBothSchemes(options, `${prefix}-options-error`)).toEqual(clean);
  await options.close();
}

describeInBrowser('popup and options: accessible in light and dark, English and German', () => {
  const english = { connect: 'Connect DocuSign', add: 'Add another DocuSign login', use: 'Use this login', refresh: 'Refresh accounts', reconnect: 'Reconnect', signIn: 'Sign in with Adams Consulting' };

  test('popup states (English)', async ({ harness }) => {
    await walkPopupStates(harness, 'a11y-popup', english);
  });

  test('options page (English)', async ({ harness }) => {
    await checkOptions(harness, 'a11y', 'Save');
  });

  test('popup states and options page (German)', { timeout: 150_000 }, async () => {
    // Chromium on Linux takes its UI language (chrome.i18n's) from LANGUAGE; the browser inherits our environment.
    const language = process.env['LANGUAGE'];
    process.env['LANGUAGE'] = 'de';
    const { context, userDataDir } = await launchWithExtension(undefined, ['--lang=de']).finally(() => {
      if (language === undefined) delete process.env['LANGUAGE'];
      else process.env['LANGUAGE'] = language;
    });
    try {
      const harness = await createHarness(context);
      const probe = await openPopup(harness);
      // The catalog in use (getUILanguage keeps answering en-US in headless Chromium).
      expect(await probe.evaluate(() => chrome.i18n.getMessage('popup_connect'))).toBe('DocuSign verbinden');
      expect(await probe.evaluate(() => document.documentElement.lang)).toBe('de');
      await probe.close();
      await walkPopupStates(harness, 'a11y-de-popup', {
        connect: 'DocuSign verbinden',
        add: 'Weiteres DocuSign-Login hinzufügen',
        use: 'Dieses Login verwenden',
        refresh: 'Konten aktualisieren',
        reconnect: 'Neu verbinden',
        signIn: 'Mit Adams Consulting anmelden',
      });
      await checkOptions(harness, 'a11y-de', 'Speichern');
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
