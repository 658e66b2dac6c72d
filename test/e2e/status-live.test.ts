/**
 * Live document status in Chromium against the real companion server and the DocuSign simulator: a
 * document is sent to e-mail signers; the simulator's recipients sign through its control routes; its
 * Connect messages reach the server, whose event stream the worker relays to the page: the button
 * says "Signed by 1 of 2", then "Completed", without a reload, and still after one. Nobody asks
 * DocuSign for an envelope's status on the way.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { SIM_PUBLIC_KEY } from '../support/docusign-login.ts';
import { checkInBothSchemes } from '../support/a11y.ts';
import { linkAlice, openPopup, startCompanion, type Companion } from './auth-world.ts';
import { clickToClose } from './content-pages.ts';
import { describeInBrowser, test } from './harness.ts';
import { actAsRecipient, buttonName, sendFromPage, stateOf } from './status-world.ts';

/** axe on SignBridge's buttons only (inside their open shadow roots), not on the fixture page. */
const PAGE_BUTTONS = '[data-signbridge="button"]';

let companion: Companion;
beforeAll(async () => {
  companion = await startCompanion();
});
afterAll(async () => {
  await companion.close();
});

describeInBrowser('document status: the page button follows DocuSign Connect', () => {
  test('two e-mail signers sign: the button says Signed by 1 of 2, then Completed, without a reload and after one', async ({ harness, pages }) => {
    await linkAlice(harness, companion.origin);
    const page = await harness.context.newPage();
    const msa = pages.url('files/msa.pdf');
    const { dialog, envelopeId } = await sendFromPage(page, harness, pages.url('crm-record.html'), (p) => p.locator('tr.attachment-row').first(), 'msa.pdf', [
      { name: 'Grace Hopper', email: 'grace@acme.example' },
    ]);
    await clickToClose(page, dialog.getByRole('button', { name: 'Done' }));
    await expect.poll(() => stateOf(page, msa), { timeout: 10_000 }).toBe('sent');

    await actAsRecipient(companion, envelopeId, '1', 'sign');
    await expect.poll(() => stateOf(page, msa), { timeout: 10_000 }).toBe('signing');
    expect(await buttonName(page, msa)).toMatch(/^Master Services Agreement\.pdf: signed by 1 of 2 on \S.*$/);
    expect(await checkInBothSchemes(page, 'status-button-signing', PAGE_BUTTONS)).toEqual({ light: [], dark: [] });

    await actAsRecipient(companion, envelopeId, '2', 'sign');
    await expect.poll(() => stateOf(page, msa), { timeout: 10_000 }).toBe('completed');
    expect(await buttonName(page, msa)).toMatch(/^Master Services Agreement\.pdf: completed on \S.*$/);
    expect(await checkInBothSchemes(page, 'status-button-completed', PAGE_BUTTONS)).toEqual({ light: [], dark: [] });

    await page.reload();
    await expect.poll(() => stateOf(page, msa), { timeout: 10_000 }).toBe('completed');

    // The popup lists it with its state; clicking it opens the page it was sent from.
    const popup = await openPopup(harness);
    const recent = popup.getByTestId('recent-envelope').first();
    await expect.poll(() => recent.getAttribute('data-state', { timeout: 10_000 }), { timeout: 10_000 }).toBe('completed');
    await checkInBothSchemes(popup, 'status-popup-recent', '.recent').then((found) => expect(found).toEqual({ light: [], dark: [] }));
    const [opened] = await Promise.all([
      harness.context.waitForEvent('page'),
      recent.getByRole('button', { name: /^Open the page of Master Services Agreement\.pdf \(Completed on / }).click(),
    ]);
    await opened.waitForURL(pages.url('crm-record.html'));
    await popup.close();
    await opened.close();
    await page.close();
  });

  test('none of these flows read an envelope’s status from DocuSign', () => {
    expect(companion.sim.sim.control.audit(SIM_PUBLIC_KEY)).toMatchObject({ statusReads: 0, pollingViolations: 0 });
  });
});
