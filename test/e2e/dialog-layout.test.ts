/**
 * The dialog frame is sized to its content, up to the window: in a 1024×600 window with five
 * recipients Send stays in view and clickable without scrolling the page (the form scrolls inside),
 * and with one recipient the frame is as tall as its content, with no empty band. What a send came to (its
 * failure, its envelope and Sign now) stands below the form and is brought into view, without the page
 * moving under the dialog; once sent, every control of the locked form looks disabled.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { sha256 } from '../support/fixture-files.ts';
import { linkLogin, screenshot, startCompanion, type Companion } from './auth-world.ts';
import { openDialogFor } from './content-pages.ts';
import { describeInBrowser, test } from './harness.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

/** The frame's box in the page, and how the dialog's body fills it. */
async function measure(page: Page, dialog: Frame) {
  const frame = await (await dialog.frameElement()).boundingBox();
  const inside = await dialog.evaluate(() => {
    const body = document.querySelector<HTMLElement>('.dialog > .body');
    const content = document.querySelector<HTMLElement>('.dialog .content');
    const style = body ? getComputedStyle(body) : null;
    const padding = style ? parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) : 0;
    return {
      scrolls: body ? body.scrollHeight > body.clientHeight + 1 : false,
      // The part of the body below its content: an empty band when the frame is taller than needed.
      band: body && content ? body.clientHeight - content.offsetHeight - padding : 0,
    };
  });
  const pageScrolls = await page.evaluate(() => document.scrollingElement ? document.scrollingElement.scrollTop : 0);
  return { frame, ...inside, pageScrolls };
}

/** Whether the dialog's own window has taken its frame's size in the page, clamped to a `viewport` px tall window. */
async function frameResized(dialog: Frame, viewport: number): Promise<boolean> {
  const box = await (await dialog.frameElement()).boundingBox();
  const inner = await dialog.evaluate(() => innerHeight);
  return box !== null && box.height <= viewport - 24 && Math.abs(inner - box.height) <= 1;
}

const CREATE_ENVELOPE = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;

/** Whether `selector`'s element (the first one) lies wholly inside the part of the dialog's body in view. */
async function inBodyView(dialog: Frame, selector: string): Promise<boolean> {
  return dialog.evaluate((sel) => {
    const el = document.querySelector(sel);
    const body = document.querySelector('.dialog > .body');
    if (!el || !body) return false;
    const box = el.getBoundingClientRect();
    const view = body.getBoundingClientRect();
    return box.height > 0 && box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  }, selector);
}

describeInBrowser('the send dialog: sized to its content, up to the window', () => {
  test('one recipient: no empty band; 1024×600 with five recipients: Send in view and clickable', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const page = await harness.context.newPage();
    // One recipient in a window tall enough for it: the frame is as tall as what it shows, no band.
    await page.setViewportSize({ width: 1024, height: 900 });
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), sha256('msa.pdf'));

    await expect.poll(async () => Math.abs((await measure(page, dialog)).band), { timeout: 10_000 }).toBeLessThanOrEqual(2);
    const one = await measure(page, dialog);
    expect(one.scrolls).toBe(false);
    // Shorter than the window allows (900 less the 12 px margins): sized to the content, not clamped.
    expect(one.frame?.height ?? 0).toBeLessThan(900 - 24 - 1);
    expect(await dialog.getByLabel('Message').evaluate((el) => (el as HTMLTextAreaElement).rows)).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'dialog-layout-one-recipient');

    // A 1024×600 window and five recipients: the frame takes the window's height, the form scrolls inside.
    await page.setViewportSize({ width: 1024, height: 600 });
    // The frame is in another process: it learns its new size after the page does. Until then a click
    // aimed by the frame's old layout lands outside it (a busy machine, CI), so wait for both to agree.
    await expect.poll(() => frameResized(dialog, 600), { timeout: 10_000 }).toBe(true);

    for (let i = 2; i <= 5; i++) {
      // By keyboard: what this test measures is the frame, and a key press cannot land beside its button
      // if anything in the frame still moves (a CI run's click on Add CC added no row).
      await dialog.getByRole('button', { name: 'Add CC' }).press('Enter');
      await dialog.getByLabel(`Recipient ${i} name`).fill(`Person ${i}`);
      await dialog.getByLabel(`Recipient ${i} email`).fill(`person${i}@acme.example`);
    }
    await expect.poll(async () => (await measure(page, dialog)).frame?.height ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(600 - 24 - 1);
    const five = await measure(page, dialog);
    expect(five.frame && five.frame.y >= 0 && five.frame.y + five.frame.height <= 600).toBe(true);
    expect(five.scrolls).toBe(true);
    const send = dialog.getByRole('button', { name: 'Send', exact: true });
    const box = await send.boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 600).toBe(true);
    // What is at Send's centre in the page is the dialog (nothing scrolled, nothing covers it).
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-signbridge'), { x: (box?.x ?? 0) + (box?.width ?? 0) / 2, y: (box?.y ?? 0) + (box?.height ?? 0) / 2 });
    expect(hit).toBe('dialog');
    await screenshot(page, 'dialog-layout-five-recipients');
    await send.click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    expect(five.pageScrolls).toBe(0);
    // Sent, the form is locked: Place fields (aria-disabled, so it stays focusable) looks as disabled as Add signer.
    const opacity = (name: string) => dialog.getByRole('button', { name, exact: true }).evaluate((el) => getComputedStyle(el).opacity);
    expect(await dialog.getByRole('button', { name: 'Place fields' }).getAttribute('aria-disabled')).toBe('true');
    expect(await opacity('Place fields')).toBe(await opacity('Add signer'));
    expect(await opacity('Add signer')).not.toBe('1');
    await page.close();
  });

  test('1024×600: a failed send shows why beside Retry, a sent one its envelope and Sign now, with the page unmoved', async ({ harness, pages }) => {
    await linkLogin(harness, companion.origin);
    const sim = companion.sim.sim.control;
    const page = await harness.context.newPage();
    await page.setViewportSize({ width: 1024, height: 600 });
    const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').nth(1), sha256('order-form.docx'));
    // The form is taller than the frame: what a send came to is below its fold until it is brought up.
    await expect.poll(async () => (await measure(page, dialog)).scrolls, { timeout: 10_000 }).toBe(true);
    // The end of the form, where the outcome will stand, is out of view before the send.
    expect(await dialog.evaluate(() => {
      const content = document.querySelector('.dialog .content');
      const body = document.querySelector('.dialog > .body');
      return content && body ? content.getBoundingClientRect().bottom > body.getBoundingClientRect().bottom + 1 : false;
    })).toBe(true);

    sim.inject({ method: 'POST', path: CREATE_ENVELOPE, mode: 'error500', count: 20 });
    try {
      await dialog.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => dialog.getByRole('button', { name: 'Retry' }).count(), { timeout: 30_000 }).toBe(1);
    } finally {
      sim.clearFaults();
    }
    await expect.poll(() => inBodyView(dialog, 'p.error[role=alert][data-code]'), { timeout: 5_000 }).toBe(true);
    await screenshot(page, 'dialog-outcome-failed-in-view');

    await dialog.getByLabel('signs now on this device').check();
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => inBodyView(dialog, '[data-testid=envelope-id]'), { timeout: 5_000 }).toBe(true);
    expect(await inBodyView(dialog, '.sign-now-row button')).toBe(true);
    await screenshot(page, 'dialog-outcome-sent-in-view');
    // Only the dialog's body scrolled: the page under it did not move.
    expect((await measure(page, dialog)).pageScrolls).toBe(0);
    await page.close();
  });
});
