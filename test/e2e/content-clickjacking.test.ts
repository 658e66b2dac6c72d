/**
 * A page that fades SignBridge's dialog or lays a decoy over it to steer a real click onto Send gets
 * nothing: the send control works only while Chromium reports the dialog fully visible, and the dialog
 * sits in the top layer, above anything the page can stack.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { linkLogin, startCompanion, type Companion } from './auth-world.ts';
import { dialogFrame, SEND_BUTTON } from './content-pages.ts';
import { describeInBrowser, test, type ExtensionHarness } from './harness.ts';

async function openDialog(page: Page, harness: ExtensionHarness): Promise<Frame> {
  await page.locator('tr.attachment-row').first().getByRole('button', { name: SEND_BUTTON }).click();
  return dialogFrame(page, harness);
}

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

describeInBrowser('content script: clickjacking', () => {
  test('Send is off while the page fades the dialog; a decoy cannot be stacked over it', async ({ harness, pages }) => {
    // A linked login: with nothing to send from, Send would be off anyway.
    await linkLogin(harness, companion.origin);
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    const dialog = await openDialog(page, harness);
    const send = dialog.getByRole('button', { name: 'Send', exact: true });
    await expect.poll(() => send.isEnabled({ timeout: 500 }), { timeout: 10_000 }).toBe(true);

    // Fade the dialog's host element from the page's own script.
    await page.evaluate(() => document.querySelector<HTMLElement>('[data-signbridge="dialog"]')?.style.setProperty('opacity', '0.3', 'important'));
    await expect.poll(() => send.isDisabled({ timeout: 500 }), { timeout: 10_000 }).toBe(true);
    expect(await dialog.getByTestId('not-visible').count()).toBe(1);

    await page.evaluate(() => document.querySelector<HTMLElement>('[data-signbridge="dialog"]')?.style.removeProperty('opacity'));
    await expect.poll(() => send.isEnabled({ timeout: 500 }), { timeout: 10_000 }).toBe(true);

    // A decoy at the page's highest z-index, laid over Send: the dialog lives in the top layer, so the
    // decoy paints (and hit-tests) below it and cannot pose as, or hide, the Send button.
    const box = await send.boundingBox();
    if (!box) throw new Error('no box for the Send button');
    const center = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const topmost = await page.evaluate((b) => {
      const decoy = document.createElement('div');
      decoy.id = 'decoy';
      decoy.textContent = 'Claim your prize';
      decoy.style.cssText = `position:fixed;left:${b.x - 10}px;top:${b.y - 10}px;width:${b.width + 20}px;height:${b.height + 20}px;z-index:2147483647;background:gold`;
      // After the dialog's host in tree order: with equal z-index, the later one paints on top.
      document.documentElement.append(decoy);
      return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.getAttribute('data-signbridge') ?? document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.id;
    }, box);
    expect(topmost).toBe('dialog');
    expect(await send.isEnabled()).toBe(true);
    // And a real click there reaches the dialog's Send.
    await page.mouse.click(center.x, center.y);
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    await page.close();
  });
});
