/**
 * Issue 13, signature fields, in Chromium against the companion server and the simulator: "Place
 * fields" loads pdf.js only when opened, fields are placed by click, moved by drag and arrow keys,
 * removed by Delete and ×, and become exactly those DocuSign tabs at their pages and positions (±1 pt);
 * the outgoing envelope validates against the official spec; each signer's signing page shows their
 * fields; a document carrying `/sn1/` gets a Sign here by anchor without placing.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { makePdf } from '../../src/sim/pdf.ts';
import { ACCOUNTS, api, tokenFor, USERS } from '../../src/sim/test-helpers.ts';
import type { SimEnvelope } from '../../src/sim/types.ts';
import { checkFrameInBothSchemes } from '../support/a11y.ts';
import { esignSpecExists, validateAgainstSpec } from '../support/esign-spec.ts';
import { captureDefinitions } from '../support/outgoing.ts';
import { eventually, linkLogin, startCompanion, type Companion } from './auth-world.ts';
import { openDialogFor } from './content-pages.ts';
import { IN_CI } from './browser.ts';
import { describeInBrowser, ROOT, test } from './harness.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const twoPages = makePdf(2, 'Two pages');
const anchored = makePdf(1, 'Anchored', [{ page: 1, text: 'Signature: /sn1/' }]);

let companion: Companion;
let site: StaticServer;
let folder: string;
const outgoing = captureDefinitions();

beforeAll(async () => {
  companion = await startCompanion({ fetch: outgoing.wrapFetch(globalThis.fetch) });
  // The CRM fixture record with its MSA a two-page PDF and its pricing sheet a PDF carrying /sn1/.
  folder = mkdtempSync(join(tmpdir(), 'sb-fields-'));
  mkdirSync(join(folder, 'files'));
  copyFileSync(join(ROOT, 'test/pages/crm-record.html'), join(folder, 'crm-record.html'));
  copyFileSync(join(ROOT, 'test/pages/files/order-form.docx'), join(folder, 'files/order-form.docx'));
  writeFileSync(join(folder, 'files/msa.pdf'), twoPages);
  writeFileSync(join(folder, 'files/pricing.pdf'), anchored);
  site = await startStaticServer(folder);
});
afterAll(async () => {
  await site.close();
  await companion.close();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * Whether the step's chunk (pdf.js inside) was imported: Vite's loader adds its modulepreload link at
 * the dynamic import. (Resource Timing lists no chrome-extension: files; the build test proves the
 * static side, test/unit/dialog-chunks.test.ts.)
 */
const pdfjsLoaded = (dialog: Frame) => dialog.evaluate(() => document.querySelector('link[href*="/assets/FieldsStep"]') !== null);

/** Points per CSS pixel of the drawn page: its CSS width over the page's 612 points (US Letter, makePdf). */
const scaleOf = async (dialog: Frame, page: number) =>
  (await dialog.locator(`canvas[data-page="${page}"]`).evaluate((c) => c.getBoundingClientRect().width)) / 612;

type Placed = { type: string; page: string; x: number; y: number };
const placedTabs = (envelope: SimEnvelope | undefined, signer: number): Placed[] =>
  (envelope?.recipients.signers[signer]?.tabs ?? []).map((t) => ({ type: t.type, page: t.pageNumber ?? '', x: Number(t.xPosition), y: Number(t.yPosition) }));

function expectNear(actual: Placed[], expected: Placed[]) {
  expect(actual.map(({ type, page }) => `${type}@${page}`)).toEqual(expected.map(({ type, page }) => `${type}@${page}`));
  expected.forEach((want, i) => {
    expect(Math.abs((actual[i]?.x ?? NaN) - want.x), `x of ${want.type}`).toBeLessThanOrEqual(1);
    expect(Math.abs((actual[i]?.y ?? NaN) - want.y), `y of ${want.type}`).toBeLessThanOrEqual(1);
  });
}

/** What the simulator's signing page lists for a signer who signs on this device (their clientUserId). */
async function signingPageFields(page: Page, envelope: SimEnvelope, signer: number): Promise<string[]> {
  const recipient = envelope.recipients.signers[signer];
  const { sim, origin } = companion.sim;
  const account = Object.values(ACCOUNTS).find((a) => a.id === envelope.accountId) ?? ACCOUNTS.aliceUs;
  const us = api(sim, await tokenFor(sim, USERS.alice, 'signature', origin), account, origin);
  const view = { returnUrl: site.url('crm-record.html'), authenticationMethod: 'none', clientUserId: recipient?.clientUserId, userName: recipient?.name, email: recipient?.email, recipientId: recipient?.recipientId };
  const answer = (await (await us.call('POST', `/envelopes/${envelope.envelopeId}/views/recipient`, view)).json()) as { url?: string };
  if (answer.url === undefined) throw new Error(`no signing URL: ${JSON.stringify(answer)}`);
  const { url } = answer;
  await page.goto(url);
  return page.getByTestId('field').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-type')}@${li.getAttribute('data-page')}`));
}

describeInBrowser('dialog: Place fields', () => {
  test('placed, dragged, nudged and removed fields become exactly those tabs; pdf.js loads only with the step', async ({ harness }) => {
    await linkLogin(harness, companion.origin);
    const page = await harness.context.newPage();
    const dialog = await openDialogFor(page, harness, site.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), sha256(twoPages));
    await dialog.getByRole('button', { name: 'Add signer' }).click();
    await dialog.getByLabel('Recipient 2 name').fill('Bea Brandt');
    await dialog.getByLabel('Recipient 2 email').fill('bea@example.org');
    // Both sign at once, so both have a signing page now.
    await dialog.getByLabel('Recipient 2 routing order').fill('1');
    for (const box of await dialog.getByLabel('signs now on this device').all()) await box.check();
    await eventually(() => dialog.locator('#fields-summary').textContent()).toBe('Signers will place their own signature fields.');
    expect(await pdfjsLoaded(dialog), 'pdf.js before Place fields').toBe(false);

    await dialog.getByRole('button', { name: 'Place fields' }).click();
    const sheet2 = dialog.locator('canvas[data-page="2"]');
    await eventually(() => sheet2.count()).toBe(1);
    expect(await pdfjsLoaded(dialog), 'pdf.js once Place fields opened').toBe(true);
    const scale = await scaleOf(dialog, 2);
    expect(scale).toBeGreaterThan(0.3);

    // Signer 1: Sign here at (100, 150) px of page 2, then Date signed at (200, 300) px, nudged 20 pt down.
    await sheet2.click({ position: { x: 100, y: 150 } });
    await dialog.getByLabel('Field', { exact: true }).selectOption({ label: 'Date signed' });
    await sheet2.click({ position: { x: 200, y: 300 } });
    const date = dialog.getByRole('button', { name: 'Date signed for Ada Lovelace', exact: true });
    await date.focus();
    await date.press('Shift+ArrowDown');
    await date.press('Shift+ArrowDown');
    // One too many, removed with Delete; another removed with its ×.
    await sheet2.click({ position: { x: 300, y: 400 } });
    const extra = dialog.getByRole('button', { name: 'Date signed for Ada Lovelace', exact: true }).nth(1);
    await extra.focus();
    await extra.press('Delete');
    await dialog.getByLabel('Field', { exact: true }).selectOption({ label: 'Initials' });
    await sheet2.click({ position: { x: 50, y: 50 } });
    await dialog.getByRole('button', { name: 'Remove Initials for Ada Lovelace' }).click();

    // Signer 2: Sign here on page 1 at (120, 500) px, dragged by (30, -40) px.
    await dialog.getByLabel('Signer', { exact: true }).selectOption({ label: 'Bea Brandt' });
    await dialog.getByLabel('Field', { exact: true }).selectOption({ label: 'Sign here' });
    await dialog.locator('canvas[data-page="1"]').click({ position: { x: 120, y: 500 } });
    const bea = dialog.getByRole('button', { name: 'Sign here for Bea Brandt', exact: true });
    const box = await bea.boundingBox();
    if (!box) throw new Error('the placed field is not on screen');
    await dialog.page().mouse.move(box.x + 5, box.y + 5);
    await dialog.page().mouse.down();
    await dialog.page().mouse.move(box.x + 20, box.y - 20, { steps: 3 });
    await dialog.page().mouse.move(box.x + 35, box.y - 35, { steps: 3 });
    await dialog.page().mouse.up();
    await eventually(() => dialog.getByRole('status').filter({ hasText: 'Fields placed' }).first().textContent()).toBe('Fields placed: 3');

    const findings = await checkFrameInBothSchemes(page, dialog, 'dialog-fields-step');
    expect(findings).toEqual({ light: [], dark: [] });

    await dialog.getByRole('button', { name: 'Done placing' }).click();
    await eventually(() => dialog.locator('#fields-summary').textContent()).toBe('Fields placed: 3');
    await expect.poll(() => dialog.getByRole('button', { name: 'Place fields' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await dialog.getByRole('button', { name: 'Send' }).click();
    await eventually(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 })).toMatch(/^[0-9a-f-]{36}$/);

    const [envelope] = companion.sim.sim.control.envelopes();
    const pt = (px: number) => px / scale;
    expectNear(placedTabs(envelope, 0), [
      { type: 'signHere', page: '2', x: pt(100), y: pt(150) },
      { type: 'dateSigned', page: '2', x: pt(200), y: pt(300) + 20 },
    ]);
    expectNear(placedTabs(envelope, 1), [{ type: 'signHere', page: '1', x: pt(120) + pt(30), y: pt(500) - pt(40) }]);
    // The body the server posted to DocuSign, against DocuSign's published definition.
    if (esignSpecExists) expect(validateAgainstSpec('envelopeDefinition', outgoing.bodies.at(-1))).toEqual([]);
    else if (IN_CI) throw new Error('the eSignature spec is missing (../shared/docusign)');
    else console.warn('SKIPPED: the spec check of the outgoing envelope (../shared/docusign is absent)');

    if (!envelope) throw new Error('no envelope');
    const signing = await harness.context.newPage();
    expect(await signingPageFields(signing, envelope, 0)).toEqual(['signHere@2', 'dateSigned@2']);
    expect(await signingPageFields(signing, envelope, 1)).toEqual(['signHere@1']);
    await signing.close();
    await page.close();
  });

  test('a document carrying /sn1/ gets a Sign here by anchor without placing', async ({ harness }) => {
    await linkLogin(harness, companion.origin);
    const page = await harness.context.newPage();
    const row = (p: Page) => p.locator('p.note');
    const dialog = await openDialogFor(page, harness, site.url('crm-record.html'), row, sha256(anchored));
    await eventually(() => dialog.locator('#fields-summary').textContent()).toBe('Fields by anchor in the document: /sn1/');
    const before = companion.sim.sim.control.envelopes().length;
    await dialog.getByRole('button', { name: 'Send' }).click();
    await eventually(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 })).toMatch(/^[0-9a-f-]{36}$/);
    const envelope = companion.sim.sim.control.envelopes()[before];
    const tabs = envelope?.recipients.signers[0]?.tabs ?? [];
    expect(tabs.map((t) => [t.type, t.anchorString, t.pageNumber])).toEqual([['signHere', '/sn1/', '1']]);
    expect(await pdfjsLoaded(dialog), 'pdf.js never loaded without Place fields').toBe(false);
    await page.close();
  });
});
