/**
 * The status panel in Chromium against the real companion server and the DocuSign simulator: clicking
 * a sent document opens its status in the same protected dialog frame. Void (a reason is required,
 * then confirmed) voids the simulator's envelope with that reason and the button says Voided; Remind
 * makes the simulator record a resend; Download saves exactly the simulator's combined PDF. Light and
 * dark screenshots of the panel with no serious or critical axe findings. Nobody polls DocuSign.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { makePdf } from '../../src/sim/pdf.ts';
import { checkFrameInBothSchemes, checkInBothSchemes } from '../support/a11y.ts';
import { SIM_PUBLIC_KEY } from '../support/docusign-login.ts';
import { linkAlice, startCompanion, type Companion } from './auth-world.ts';
import { describeInBrowser, test, waitFor } from './harness.ts';
import { actAsRecipient, buttonName, panelFor, stateOf } from './status-world.ts';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

/**
 * Clicks an action of the panel until the panel says `expected`. The clickjacking guard (visibility.ts) holds
 * the actions for a moment after any change of the frame's box (it fits its content, which changes when the
 * panel loads or a line goes), and a click that lands then does nothing, as it would for a person, who clicks
 * again. Only a click that did nothing is repeated: while an action runs the panel says "Working…". A failure
 * names what the panel says: the outcome, an error, or the guard's pause.
 */
async function actUntil(panel: Frame, button: Locator, expected: string): Promise<void> {
  const outcome = async () =>
    (await panel.getByTestId('status-done').textContent()) ||
    (await panel.getByRole('alert').allTextContents()).join(' | ') ||
    ((await panel.getByTestId('not-visible').count()) > 0 ? 'paused by the visibility guard' : '');
  await clickUntil(button, outcome, (now) => now === '', expected);
}

/** Clicks `button`, then again while `probe` says nothing happened (`idle`), until it answers `expected`. */
async function clickUntil(button: Locator, probe: () => Promise<string | null>, idle: (now: string | null) => boolean, expected: string): Promise<void> {
  await button.click();
  await expect
    .poll(
      async () => {
        const now = await probe();
        if (idle(now) && (await button.isEnabled())) await button.click();
        return now;
      },
      { timeout: 15_000, interval: 1_000 },
    )
    .toBe(expected);
}

const simEnvelope = (id: string) => companion.sim.sim.control.envelopes().find((e) => e.envelopeId === id);

describeInBrowser('document status: the status panel in the dialog frame', () => {
  test('Void from the panel: a reason is required; the simulator’s envelope is voided with it and the button says Voided', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const { panel, envelopeId, docUrl } = await panelFor(page, harness, pages.url('crm-record.html'), 1, 'order-form.docx');
    expect(await panel.getByTestId('envelope-state').textContent()).toMatch(/^Sent on /);
    expect(await panel.getByTestId('recipient-status').allTextContents()).toEqual([expect.stringMatching(/^Ada Lovelace.*Signer.*Sent on /)]);
    expect(await checkFrameInBothSchemes(page, panel, 'status-panel-sent')).toEqual({ light: [], dark: [] });

    await panel.getByRole('button', { name: 'Void…' }).click();
    // An empty reason: the field says it is required (a click the guard held is made again, as in actUntil).
    const confirm = panel.getByRole('button', { name: 'Void envelope' });
    const invalid = () => panel.getByLabel(/^Reason for voiding/).getAttribute('aria-invalid');
    await clickUntil(confirm, invalid, (now) => now !== 'true', 'true');
    expect(simEnvelope(envelopeId)?.status).toBe('sent');
    expect(await checkFrameInBothSchemes(page, panel, 'status-panel-void-confirm')).toEqual({ light: [], dark: [] });

    // The scheme switches above re-lay the frame out: its clickjacking guard re-arms a moment later.
    await expect.poll(() => panel.getByTestId('not-visible').count(), { timeout: 10_000 }).toBe(0);
    await panel.getByLabel(/^Reason for voiding/).fill('Wrong amount on page 2');
    await actUntil(panel, confirm, 'The envelope is voided.');
    expect(simEnvelope(envelopeId)).toMatchObject({ status: 'voided', voidedReason: 'Wrong amount on page 2' });
    await expect.poll(() => panel.getByTestId('envelope-state').textContent(), { timeout: 10_000 }).toMatch(/^Voided on .*Reason: Wrong amount on page 2$/);
    await expect.poll(() => stateOf(page, docUrl), { timeout: 10_000 }).toBe('voided');
    expect(await buttonName(page, docUrl)).toMatch(/^Order form\.docx: voided on \S/);
    expect(await checkInBothSchemes(page, 'status-button-voided', '[data-signbridge="button"]')).toEqual({ light: [], dark: [] });
    await page.close();
  });

  test('Remind: the simulator records a resend; Download: the saved bytes are the simulator’s combined PDF', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const { panel, envelopeId } = await panelFor(page, harness, pages.url('crm-record.html'), 0, 'msa.pdf');

    await actUntil(panel, panel.getByRole('button', { name: 'Remind' }), 'DocuSign e-mailed the signers whose turn it is again.');
    const resends = (await (await fetch(`${companion.sim.origin}/_sim/resends`)).json()) as { envelopeId: string }[];
    expect(resends.filter((r) => r.envelopeId === envelopeId)).toHaveLength(1);

    await actAsRecipient(companion, envelopeId, '1', 'sign');
    await expect.poll(() => panel.getByRole('button', { name: 'Remind' }).count(), { timeout: 1000 }).toBe(1);
    await actUntil(panel, panel.getByRole('button', { name: /^Download/ }), 'The PDF is being saved to your downloads.');
    const worker = await harness.serviceWorker();
    const saved = await waitFor(async () => {
      const [item] = await worker.evaluate(() => chrome.downloads.search({ orderBy: ['-startTime'], limit: 1 }));
      return item?.state === 'complete' ? item.filename : undefined;
    }, 'the download to complete', 15_000);
    const envelope = simEnvelope(envelopeId);
    const pagesInEnvelope = (envelope?.documents ?? []).reduce((n, d) => n + d.pages, 0);
    expect(Buffer.from(readFileSync(saved)).equals(Buffer.from(makePdf(pagesInEnvelope + 1, envelope?.emailSubject)))).toBe(true);
    await page.close();
  });

  test('none of these flows read an envelope’s status from DocuSign', () => {
    expect(companion.sim.sim.control.audit(SIM_PUBLIC_KEY)).toMatchObject({ statusReads: 0, pollingViolations: 0 });
  });
});
