/**
 * What the status browser tests share: a document sent from the fixture CRM page with the real
 * companion server and its simulator, the simulator's recipient control routes (the test acting as a
 * signer who got DocuSign's e-mail, over HTTP as another process would), and the page button.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Companion } from './auth-world.ts';
import { buttonStates, clickToClose, dialogFrame, openDialogFor } from './content-pages.ts';
import { ROOT, type ExtensionHarness } from './harness.ts';

export const fileBytes = (file: string) => readFileSync(join(ROOT, 'test/pages/files', file));
export const sha256 = (file: string) => createHash('sha256').update(fileBytes(file)).digest('hex');

/** The state (`data-state`) of the button beside `url`. */
export const stateOf = async (page: Page, url: string) => (await buttonStates(page))[url];

/** Clicks the button in `row`, adds `extraSigners`, sends; answers the envelope id the dialog shows. */
export async function sendFromPage(
  page: Page,
  harness: ExtensionHarness,
  url: string,
  row: (page: Page) => Locator,
  file: string,
  extraSigners: { name: string; email: string }[] = [],
): Promise<{ dialog: Frame; envelopeId: string }> {
  const dialog = await openDialogFor(page, harness, url, row, sha256(file));
  for (const [i, signer] of extraSigners.entries()) {
    await dialog.getByRole('button', { name: 'Add signer' }).click();
    await dialog.getByLabel(`Recipient ${i + 2} name`).fill(signer.name);
    await dialog.getByLabel(`Recipient ${i + 2} email`).fill(signer.email);
  }
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 }), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);
  const envelopeId = (await dialog.getByTestId('envelope-id').textContent()) ?? '';
  return { dialog, envelopeId };
}

/** `POST /_sim/envelopes/{id}/recipients/{rid}/{action}`: a recipient acts from DocuSign's e-mail. */
export async function actAsRecipient(companion: Companion, envelopeId: string, recipientId: string, action: 'open' | 'sign' | 'decline'): Promise<void> {
  const res = await fetch(`${companion.sim.origin}/_sim/envelopes/${envelopeId}/recipients/${recipientId}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status, await res.text()).toBe(200);
}

/** The page button's accessible name (what a screen reader says) beside the link to `url`. */
export function buttonName(page: Page, url: string): Promise<string | null> {
  return page.evaluate((href) => {
    const link = [...document.querySelectorAll('a')].find((a) => a.href === href && a.nextElementSibling?.getAttribute('data-signbridge') === 'button');
    return link?.nextElementSibling?.shadowRoot?.querySelector('button')?.getAttribute('aria-label') ?? null;
  }, url);
}

/** Sends the document in row `index` of the page at `url`, then opens its status panel from the page button. */
export async function panelFor(
  page: Page,
  harness: ExtensionHarness,
  url: string,
  index: number,
  file: string,
  extraSigners: { name: string; email: string }[] = [],
): Promise<{ panel: Frame; envelopeId: string; docUrl: string }> {
  const sent = await sendFromPage(page, harness, url, (p) => p.locator('tr.attachment-row').nth(index), file, extraSigners);
  await clickToClose(page, sent.dialog.getByRole('button', { name: 'Done' }));
  const docUrl = new URL(`files/${file}`, url).href;
  await expect.poll(() => stateOf(page, docUrl), { timeout: 10_000 }).toBe('sent');
  await page.locator('tr.attachment-row').nth(index).getByRole('button', { name: /: sent to / }).click();
  const panel = await dialogFrame(page, harness);
  await panel.getByTestId('envelope-state').waitFor({ timeout: 10_000 });
  return { panel, envelopeId: sent.envelopeId, docUrl };
}
