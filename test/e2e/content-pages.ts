/** Helpers for the content-script browser tests: what the page shows, read from the page's own world. */
import type { Frame, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { readButtonLooks } from '../support/button-look.ts';
import { bounded, waitFor, type ExtensionHarness } from './harness.ts';

/**
 * The document URL next to every SignBridge button on the page, in document order, reaching into
 * open shadow roots (our own buttons' roots excepted).
 */
export function buttonTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.getAttribute('data-signbridge') === 'button') {
          const anchor = el.previousElementSibling;
          out.push(anchor instanceof HTMLAnchorElement ? anchor.href : String(anchor?.getAttribute('href')));
        } else if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    return out;
  });
}

/** Every button's state (`idle`, `opening`, `sent`) by document URL. */
export async function buttonStates(page: Page): Promise<Record<string, string>> {
  const looks = await page.evaluate(readButtonLooks, false);
  return Object.fromEntries(looks.map((look) => [look.href, look.state]));
}

export const sorted = (list: string[]) => [...list].sort();

/** The dialog frame SignBridge opened: its session id (the URL fragment) is one the worker issued. */
export function dialogFrame(page: Page, harness: ExtensionHarness): Promise<Frame> {
  return waitFor(async () => {
    const sessions = (await harness.readState<Record<string, unknown> | undefined>('session', 'dialogSessions')) ?? {};
    const prefix = `chrome-extension://${harness.extensionId}/src/dialog/index.html#`;
    return page.frames().find((f) => f.url().startsWith(prefix) && f.url().slice(prefix.length) in sessions);
  }, 'the send dialog frame');
}

/** The page button's accessible name while its document can be sent ("Send for signature: Contract.pdf"). */
export const SEND_BUTTON = /^Send for signature: .+$/;

/** Opens the fixture record, clicks the button in `row` and waits until the dialog holds the document (by SHA-256). */
export async function openDialogFor(page: Page, harness: ExtensionHarness, url: string, row: (page: Page) => Locator, sha256: string): Promise<Frame> {
  await page.goto(url);
  await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
  await row(page).getByRole('button', { name: SEND_BUTTON }).click();
  const dialog = await dialogFrame(page, harness);
  await expect.poll(() => dialog.getByTestId('document-sha256').textContent({ timeout: 500 }), { timeout: 10_000 }).toBe(sha256);
  // The dialog's later part renders once the browser is idle after the first paint, and the frame fits its
  // content: a click made while it grows can land where a button was (a run's "Add signer" missed so). Wait
  // until the form's height has held for three looks 200 ms apart.
  let last = -1;
  let held = 0;
  await waitFor(async () => {
    const height = await dialog.evaluate(() => document.querySelector('main')?.getBoundingClientRect().height ?? 0);
    held = height === last ? held + 1 : 0;
    last = height;
    if (held < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    return held >= 2;
  }, 'the dialog to stop growing');
  return dialog;
}

/**
 * Clicks a dialog button that closes the dialog (Done, Cancel) with real mouse input at its place on
 * the page, then waits until the dialog is gone. Not `locator.click()`: the frame removes itself inside
 * the click, and Playwright's check that the click reached its target then waits on a frame that no
 * longer exists (a CI run timed out there after "performing click action"). Not `page.mouse.click()`
 * either: Chromium may never acknowledge the release whose click removed the frame it went to, and
 * Playwright waits for that acknowledgement without a timeout (seen in a full run: "mouse.click started",
 * then nothing for 52 s). So the press and release go over a CDP session of our own; the release is not
 * awaited, the dialog's disappearance is, and detaching the session drops what Chromium never answered.
 */
export async function clickToClose(page: Page, button: Locator): Promise<void> {
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (box === null) throw new Error('the button that closes the dialog is not on screen');
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2, button: 'left', clickCount: 1 } as const;
  const cdp = await page.context().newCDPSession(page);
  try {
    await bounded(cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: at.x, y: at.y }), 'moving the mouse to the button');
    await bounded(cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at }), 'pressing the button');
    void cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at }).catch(() => undefined);
    await waitFor(async () => (await page.locator('[data-signbridge="dialog"]').count()) === 0, 'the dialog to close');
  } finally {
    await bounded(cdp.detach(), 'detaching the input session').catch(() => undefined);
  }
}

/**
 * Presses Escape inside the dialog and waits for the window to close. The key event is dispatched in
 * the frame after the evaluation returns, since the frame removes itself on Escape. Playwright may still
 * be releasing the evaluation's handle when that happens (seen in a full run: "Frame was detached"). A
 * detached frame is the outcome we want, so only that error is tolerated; the closing is still awaited.
 */
export async function escapeToClose(page: Page, field: Locator): Promise<void> {
  await field
    .evaluate((input) => {
      setTimeout(() => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })), 0);
    })
    .catch((error: unknown) => {
      if (!/detached/i.test(String(error))) throw error;
    });
  await expect.poll(() => page.locator('[data-signbridge="dialog"]').count(), { timeout: 10_000 }).toBe(0);
}

/** Whether `target` shows within the dialog's scrolling body as it is scrolled now: seen without scrolling. */
export function inDialogView(target: Locator): Promise<boolean> {
  return target.evaluate((el) => {
    const body = el.closest('.body');
    if (!body) return false;
    const box = el.getBoundingClientRect();
    const view = body.getBoundingClientRect();
    return box.height > 0 && box.top >= view.top - 1 && box.bottom <= Math.min(view.bottom, innerHeight) + 1;
  });
}

/** The account the dialog's "Send from" shows as chosen (the select's option, or the one line of text). */
export function selectedSendFrom(dialog: Frame): Promise<string | null> {
  return dialog.getByTestId('send-from').evaluate((el) => (el instanceof HTMLSelectElement ? (el.selectedOptions[0]?.textContent ?? null) : el.textContent));
}
