/**
 * The page button as people meet it: its accessible name says what and which; it says "Opening…" only
 * until the send window is there, not for as long as it is open; after the window closes, keyboard focus
 * is back on the button that opened it; "Sent" carries the recipient and the date; it is styled as designed
 * wherever it stands (the document's tree, a page's shadow root) and in every state, also after the page
 * replaced the document's adopted style sheets.
 */
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { checkInBothSchemes } from '../support/a11y.ts';
import { designedLook, lookOf, readButtonLooks, rgbOf } from '../support/button-look.ts';
import { SB_FOCUS, SB_INFO_BG } from '../../src/ui/tokens.ts';
import { buttonStates, buttonTargets, dialogFrame, escapeToClose } from './content-pages.ts';
import { describeInBrowser, test, waitFor, type ExtensionHarness } from './harness.ts';

const MSA = 'Master Services Agreement.pdf';

/** What has keyboard focus in the page, reaching into our button's shadow root. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const host = document.activeElement;
    return { host: host?.getAttribute('data-signbridge') ?? host?.tagName, name: host?.shadowRoot?.activeElement?.getAttribute('aria-label') ?? null };
  });

/** Opens the record, clicks the first attachment's button and waits for the dialog's form. */
async function openOnFirstRow(page: Page, harness: ExtensionHarness, url: string): Promise<Frame> {
  await page.goto(url);
  await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
  await page.locator('tr.attachment-row').first().getByRole('button').click();
  const dialog = await dialogFrame(page, harness);
  await dialog.getByLabel('Subject').waitFor();
  return dialog;
}

describeInBrowser('content script: the page button', () => {
  test('names its document', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    const button = page.getByRole('button', { name: `Send for signature: ${MSA}`, exact: true });
    expect(await button.count()).toBe(1);
    expect(await button.textContent()).toBe('Send for signature');
    await page.screenshot({ path: 'test-results/screenshots/page-button-idle.png' });
    await page.close();
  });

  test('"Opening…" only until the window is there, not for as long as it is open', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await openOnFirstRow(page, harness, pages.url('crm-record.html'));
    // The window is open and ready: the button speaks for its document again, not for the window.
    await expect.poll(async () => (await buttonStates(page))[pages.url('files/msa.pdf')], { timeout: 10_000 }).toBe('idle');
    expect(await page.locator('tr.attachment-row').first().getByRole('button').textContent()).toBe('Send for signature');
    await page.screenshot({ path: 'test-results/screenshots/page-dialog-open.png' });
    await page.close();
  });

  test('when the window closes, keyboard focus is back on the button that opened it', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    const dialog = await openOnFirstRow(page, harness, pages.url('crm-record.html'));
    await escapeToClose(page, dialog.getByLabel('Subject'));
    await expect.poll(async () => (await focused(page)).host, { timeout: 10_000 }).toBe('button');
    // The button of that document, not another one.
    expect(await page.evaluate(() => document.activeElement?.previousElementSibling?.getAttribute('href'))).toBe('/files/msa.pdf');
    await page.screenshot({ path: 'test-results/screenshots/page-button-focused-after-close.png' });
    await page.close();
  });

  test('a click the page synthesises opens nothing; neither it nor a real click reaches the page', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    const clicks = () => page.evaluate(() => (window as unknown as { pageClicks: number }).pageClicks);
    const sessions = async () => Object.keys((await harness.readState<Record<string, unknown> | undefined>('session', 'dialogSessions')) ?? {}).length;
    const sessionsBefore = await sessions();
    await page.evaluate(() => {
      (window as unknown as { pageClicks: number }).pageClicks = 0;
      document.addEventListener('click', () => (window as unknown as { pageClicks: number }).pageClicks++);
      const host = document.querySelector('tr.attachment-row [data-signbridge="button"]');
      host?.shadowRoot?.querySelector('button')?.click();
    });
    expect(await clicks()).toBe(0);
    await page.locator('tr.attachment-row').first().getByRole('button').click();
    const dialog = await dialogFrame(page, harness);
    await dialog.getByLabel('Subject').waitFor();
    // One send session: the trusted click's. The page's own listener heard neither click.
    expect(await sessions()).toBe(sessionsBefore + 1);
    expect(await clicks()).toBe(0);
    await page.close();
  });

  test('axe finds nothing serious or critical in the page buttons, to send, sent, signed and declined, the page light or dark', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    // axe reaches into the buttons' open shadow roots; only ours are checked, not the fixture page.
    const ours = '[data-signbridge="button"]';
    expect(await checkInBothSchemes(page, 'page-buttons-idle', ours)).toEqual({ light: [], dark: [] });

    const key = (file: string) => `${pages.origin}/crm-record.html|${pages.url(`files/${file}`)}`;
    const at = Date.UTC(2026, 11, 1, 12);
    await harness.writeLocalItem('sentDocuments', {
      [key('msa.pdf')]: { envelopeId: 'env-1', at, to: 'Ann Lee' },
      [key('order-form.docx')]: { envelopeId: 'env-2', at, to: 'Ann Lee', outcome: 'signed', outcomeAt: at },
      [key('pricing.pdf')]: { envelopeId: 'env-3', at, to: 'Ann Lee', outcome: 'declined', outcomeAt: at },
    });
    await page.reload();
    await waitFor(async () => Object.values(await buttonStates(page)).sort().join() === 'declined,sent,signed', 'the sent, signed and declined buttons');
    expect(await checkInBothSchemes(page, 'page-buttons-sent-signed-declined', ours)).toEqual({ light: [], dark: [] });
    await (await harness.serviceWorker()).evaluate(() => chrome.storage.local.remove('sentDocuments'));
    await page.close();
  });

  test('"Sent" says to whom and when, in the visible label and the accessible name', async ({ harness, pages }) => {
    const key = `${pages.origin}/crm-record.html|${pages.url('files/msa.pdf')}`;
    const at = Date.UTC(2026, 11, 1, 12);
    // Signed, as the worker writes it: an unsigned storage.local value reads as empty (storage.ts).
    await harness.writeLocalItem('sentDocuments', { [key]: { envelopeId: 'env-1', at, to: 'Ann Lee', others: 1 } });
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    const date = await page.evaluate((when) => new Intl.DateTimeFormat(navigator.language, { day: 'numeric', month: 'short' }).format(when), at);
    const sent = page.getByRole('button', { name: `${MSA}: sent to Ann Lee +1, ${date}`, exact: true });
    await waitFor(async () => (await sent.count()) === 1, 'the sent button');
    expect(await sent.textContent()).toBe(`Sent to Ann Lee +1, ${date}`);
    await page.screenshot({ path: 'test-results/screenshots/page-button-sent-to.png' });
    await (await harness.serviceWorker()).evaluate(() => chrome.storage.local.remove('sentDocuments'));
    await page.close();
  });

  test('styled as designed in the document and in a page\'s shadow root, in each state, and again after the page drops its sheet', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    const looks = await page.evaluate(readButtonLooks, true);
    expect(looks.map((l) => [l.inShadow, lookOf(l)])).toEqual(looks.map(() => [false, designedLook('idle')]));
    // Hovered, its background; reached with Tab, its focus ring (the rules after `::part`).
    const first = page.locator('tr.attachment-row').first().getByRole('button');
    const inner = (properties: string[]) =>
      page.evaluate((names) => {
        const button = document.querySelector('[data-signbridge="button"]')?.shadowRoot?.querySelector('button');
        const style = button ? getComputedStyle(button) : undefined;
        return names.map((name) => style?.getPropertyValue(name) ?? '').join(' ');
      }, properties);
    await first.hover();
    expect(await inner(['background-color'])).toBe(rgbOf(SB_INFO_BG));
    await page.mouse.move(0, 0);
    for (let i = 0; i < 40 && (await focused(page)).host !== 'button'; i++) await page.keyboard.press('Tab');
    expect(await inner(['outline-style', 'outline-color'])).toBe(`solid ${rgbOf(SB_FOCUS)}`);
    await page.screenshot({ path: 'test-results/screenshots/page-button-keyboard-focus.png' });

    // A page that replaces the document's adopted style sheets (no mutation says so) drops the buttons' sheet:
    // unstyled until SignBridge's next batch, which puts it back.
    await page.evaluate(() => (document.adoptedStyleSheets = []));
    expect(lookOf((await page.evaluate(readButtonLooks, true))[0]!)).not.toEqual(designedLook('idle'));
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('p'), { textContent: 'A note the page adds' })));
    await waitFor(async () => JSON.stringify(lookOf((await page.evaluate(readButtonLooks, true))[0]!)) === JSON.stringify(designedLook('idle')), 'the buttons styled again');

    const key = (file: string) => `${pages.origin}/crm-record.html|${pages.url(`files/${file}`)}`;
    const at = Date.UTC(2026, 11, 1, 12);
    await harness.writeLocalItem('sentDocuments', {
      [key('msa.pdf')]: { envelopeId: 'env-1', at, to: 'Ann Lee' },
      [key('pricing.pdf')]: { envelopeId: 'env-3', at, to: 'Ann Lee', outcome: 'declined', outcomeAt: at },
    });
    await page.reload();
    await waitFor(async () => Object.values(await buttonStates(page)).sort().join() === 'declined,idle,sent', 'the sent and declined buttons');
    for (const look of await page.evaluate(readButtonLooks, true)) expect([look.state, lookOf(look)]).toEqual([look.state, designedLook(look.state)]);
    await (await harness.serviceWorker()).evaluate(() => chrome.storage.local.remove('sentDocuments'));

    // Web components (Lightning style): the button's host is inside the page's shadow roots, out of the document sheet's reach.
    await page.goto(pages.url('lightning-record.html'));
    await waitFor(async () => (await page.evaluate(readButtonLooks, true)).length === 1, 'the button in the shadow root');
    const [inShadow] = await page.evaluate(readButtonLooks, true);
    expect([inShadow?.inShadow, lookOf(inShadow!)]).toEqual([true, designedLook('idle')]);
    await page.screenshot({ path: 'test-results/screenshots/page-button-in-shadow-root.png' });
    await page.close();
  });
});
