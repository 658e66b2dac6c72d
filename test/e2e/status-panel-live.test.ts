/**
 * The status panel follows DocuSign Connect, in Chromium against the real companion server and the
 * simulator: while the panel is open, the signers sign through the simulator's control routes (as
 * people who got DocuSign's e-mail), and the panel shows each signature, then the completion, with no
 * click, no reload and no read of DocuSign; its frame stays as tall as what it shows as its actions change.
 */
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { SIM_PUBLIC_KEY } from '../support/docusign-login.ts';
import { linkAlice, screenshot, startCompanion, type Companion } from './auth-world.ts';
import { describeInBrowser, test } from './harness.ts';
import { actAsRecipient, panelFor } from './status-world.ts';

/**
 * How far the panel's body is from fitting its content: 0 when the frame is as tall as what it shows,
 * above 0 an empty band, below 0 the content cut off (it scrolls). The actions wrap onto a second line
 * with Remind and Void… and back onto one without them: the frame must follow.
 */
const misfit = (panel: Frame) =>
  panel.evaluate(() => {
    const body = document.querySelector<HTMLElement>('.dialog > .body');
    const content = document.querySelector<HTMLElement>('.dialog .content');
    if (!body || !content) return Number.NaN;
    const style = getComputedStyle(body);
    return Math.round(body.clientHeight - content.offsetHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom));
  });

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

describeInBrowser('document status: the open status panel follows the stream', () => {
  test('signers sign while the panel is open: it shows each one, then Completed, without any action', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const { panel, envelopeId } = await panelFor(page, harness, pages.url('crm-record.html'), 0, 'msa.pdf', [{ name: 'Grace Hopper', email: 'grace@acme.example' }]);
    const recipients = () => panel.getByTestId('recipient-status').evaluateAll((items) => items.map((li) => li.getAttribute('data-state')));
    const state = () => panel.getByTestId('envelope-state').getAttribute('data-state');
    expect(await state()).toBe('sent');
    expect(await recipients()).toEqual(['sent', 'created']);

    await actAsRecipient(companion, envelopeId, '1', 'sign');
    await expect.poll(recipients, { timeout: 10_000 }).toEqual(['completed', 'sent']);
    expect(await state()).toBe('signing');
    expect(await panel.getByTestId('recipient-status').first().textContent()).toMatch(/^Ada Lovelace.*Signer.*Signed on /);
    await expect.poll(async () => Math.abs(await misfit(panel)), { timeout: 5_000 }).toBeLessThanOrEqual(2);
    await screenshot(page, 'status-panel-live-signing');

    await actAsRecipient(companion, envelopeId, '2', 'sign');
    await expect.poll(state, { timeout: 10_000 }).toBe('completed');
    expect(await recipients()).toEqual(['completed', 'completed']);
    await expect.poll(async () => Math.abs(await misfit(panel)), { timeout: 5_000 }).toBeLessThanOrEqual(2);
    await screenshot(page, 'status-panel-live-completed');
    await page.close();
  });

  test('the panel never read an envelope’s status from DocuSign', () => {
    expect(companion.sim.sim.control.audit(SIM_PUBLIC_KEY)).toMatchObject({ statusReads: 0, pollingViolations: 0 });
  });
});
