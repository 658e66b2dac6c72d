/**
 * "Use a template" in Chromium against the real companion server and the DocuSign simulator: the
 * simulator's "Mutual NDA" chosen from the CRM record, its Client role filled with the page's contact
 * and its `company` text field with the record's company (matched by name), the Witness typed in,
 * the page's document added: DocuSign gets a composite-template envelope that validates against the
 * official spec and holds the template's document and the page's, in that order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test as plain } from 'vitest';
import { validateAgainstSpec, describeWithSpec } from '../support/esign-spec.ts';
import { checkFrameInBothSchemes } from '../support/a11y.ts';
import { sha256 } from '../support/fixture-files.ts';
import { captureDefinitions } from '../support/outgoing.ts';
import { eventually, linkLogin, startCompanion, type Companion } from './auth-world.ts';
import { openDialogFor } from './content-pages.ts';
import { describeInBrowser, ROOT, test } from './harness.ts';

const NDA = '29e8d6a0-2d5f-4e9b-9abc-4fad3b6e8c99';
const outgoing = captureDefinitions();
let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion({ fetch: outgoing.wrapFetch(globalThis.fetch) });
});
afterAll(async () => {
  await companion.close();
});

describeWithSpec('dialog: Use a template', () => {
  describeInBrowser('Mutual NDA from the CRM record', () => {
    test("roles and text fields from the page, editable; with the page's document the envelope holds both", async ({ harness, pages }) => {
      await linkLogin(harness, companion.origin);
      const page = await harness.context.newPage();
      await page.setViewportSize({ width: 1024, height: 900 });
      const dialog = await openDialogFor(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), sha256('msa.pdf'));

      // Exact: "Don’t use a template" (the open step's way out) holds these words too, and the loop below must
      // not click it, which would close the step while its templates load and open it again, round after round.
      const useTemplate = dialog.getByRole('button', { name: 'Use a template', exact: true });
      await useTemplate.click();
      const choice = dialog.getByRole('combobox', { name: 'Template', exact: true });
      // The dialog's later part arrives after the form's first paint and the frame fits its content, which can
      // move the button from under a click: one that missed is made again (once the step opens, the button is gone).
      await eventually(async () => {
        if ((await useTemplate.count()) > 0) await useTemplate.click({ timeout: 1_000 }).catch(() => undefined);
        return (await dialog.locator('fieldset.template').textContent({ timeout: 500 }).catch(() => '')) ?? '';
      }).toContain('Mutual');
      await eventually(() => choice.locator('option').allTextContents()).toEqual(['Choose a template…', 'Mutual NDA']);
      await choice.selectOption({ label: 'Mutual NDA' });
      await eventually(() => dialog.getByTestId('template-role').count()).toBe(2);
      expect(await dialog.getByLabel('Client name').inputValue()).toBe('Ada Lovelace');
      expect(await dialog.getByLabel('Client email').inputValue()).toBe('ada@acme.example');
      // Filled or not, each role's name and e-mail field keeps a visible label (no placeholder standing in for one).
      const client = dialog.getByTestId('template-role').first();
      expect(await client.locator('label').filter({ has: dialog.getByLabel('Client name') }).evaluate((l) => l.firstChild?.textContent)).toBe('Name');
      expect(await client.locator('label').filter({ has: dialog.getByLabel('Client email') }).evaluate((l) => l.firstChild?.textContent)).toBe('Email');
      expect(await dialog.getByLabel('company').inputValue()).toBe('Acme Corp');
      expect(await dialog.getByLabel('Witness name').inputValue()).toBe('');
      await dialog.getByLabel('effective_date').fill('2026-12-01');
      await dialog.getByLabel('Witness name').fill('Wes Witness');
      await dialog.getByLabel('Witness email').fill('wes@example.org');
      await dialog.getByLabel('Add this page’s document to the template').check();
      expect(await checkFrameInBothSchemes(page, dialog, 'dialog-template-step')).toEqual({ light: [], dark: [] });

      await dialog.getByRole('button', { name: 'Send' }).click();
      await eventually(() => dialog.getByTestId('envelope-id').textContent({ timeout: 500 })).toMatch(/^[0-9a-f-]{36}$/);
      const [envelope] = companion.sim.sim.control.envelopes();
      expect(envelope?.templateId).toBe(NDA);
      expect(envelope?.documents.map((d) => d.name)).toEqual(['Mutual NDA.pdf', 'Master Services Agreement.pdf']);
      expect(envelope?.documents[1]?.sha256).toBe(sha256('msa.pdf'));
      const signers = envelope?.recipients.signers ?? [];
      expect(signers.map((s) => [s.roleName, s.name, s.email])).toEqual([
        ['Client', 'Ada Lovelace', 'ada@acme.example'],
        ['Witness', 'Wes Witness', 'wes@example.org'],
      ]);
      expect(signers[0]?.tabs.filter((x) => x.type === 'text').map((x) => [x.tabLabel, x.value])).toEqual([['company', 'Acme Corp'], ['effective_date', '2026-12-01']]);
      expect(outgoing.bodies).toHaveLength(1);
      expect(validateAgainstSpec('envelopeDefinition', outgoing.bodies[0])).toEqual([]);
      await page.close();
    });
  });
});

/** The step is a chunk of its own: what the dialog page loads to open (its HTML's scripts and preloads) has none of it. */
plain('the template step is not in the bundles the dialog loads to open', () => {
  const dist = join(ROOT, 'dist');
  const html = readFileSync(join(dist, 'src/dialog/index.html'), 'utf8');
  const loaded = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  expect(loaded.length).toBeGreaterThan(0);
  for (const file of loaded) expect(readFileSync(join(dist, file), 'utf8'), file).not.toContain('templateDetail');
  const step = readdirSync(join(dist, 'assets')).filter((f) => f.startsWith('TemplateStep-') && f.endsWith('.js'));
  expect(step).toHaveLength(1);
  expect(readFileSync(join(dist, 'assets', step[0] ?? ''), 'utf8')).toContain('templateDetail');
});

