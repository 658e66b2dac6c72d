import { expect } from 'vitest';
import { describeInBrowser, test, waitFor } from './harness.ts';
import { buttonTargets, dialogFrame, sorted, SEND_BUTTON } from './content-pages.ts';

describeInBrowser('content script: documents found and decorated exactly once', () => {
  test('a plain page gets generic detection: one button per document link, none on navigation', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('plain.html'));
    await expect.poll(() => buttonTargets(page), { timeout: 10_000 }).toEqual([pages.url('files/contract.pdf'), pages.url('files/terms.docx')]);
    await expect.poll(() => page.getByRole('button', { name: SEND_BUTTON }).count(), { timeout: 10_000 }).toBe(2);
    await page.close();
  });

  test('documents in open shadow roots on any element that can host one: section, div, span, heading, one added later', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('shadow-hosts.html'));
    const expected = ['msa.pdf', 'pricing.pdf', 'terms.docx', 'contract.pdf', 'order-form.docx'].map((f) => pages.url(`files/${f}`));
    await expect.poll(async () => sorted(await buttonTargets(page)), { timeout: 10_000 }).toEqual(sorted(expected));
    await page.close();
  });

  test('100 rows added at once, each link in its row\'s own shadow root: one button each, and a link changed there later is followed', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('shadow-rows.html'));
    const contract = pages.url('files/contract.pdf');
    /** Rows `from` to `to` (excluded). */
    const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => pages.url(`files/lib/row-${from + i}.pdf`));
    const withContract = (urls: string[]) => sorted([contract, ...urls]);
    // Added once the content script is running: the rows come to it as one batch.
    await expect.poll(() => buttonTargets(page), { timeout: 10_000 }).toEqual([contract]);
    await page.evaluate(() => (window as unknown as { addRows(): void }).addRows());
    await expect.poll(async () => sorted(await buttonTargets(page)), { timeout: 10_000 }).toEqual(withContract(rows(0, 100)));
    // The shadow roots were found after the rows' first frame: they are watched from then on.
    await page.evaluate(() => (window as unknown as { relink(i: number, file: string): void }).relink(7, 'row-100.pdf'));
    await expect.poll(async () => sorted(await buttonTargets(page)), { timeout: 10_000 }).toEqual(withContract([...rows(0, 7), ...rows(8, 101)]));
    await page.close();
  });

  test('rows a page renders: those in view have their buttons before the page runs its next task (before they are painted), the rest after that frame, each once', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('bench-library.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 1, 'the sentinel link\'s button');
    const next = await page.evaluate(
      () =>
        new Promise<{ inView: number; inViewWithButton: number; all: number; withTheRows: number; window: number }>((resolve) => {
          const rows = document.querySelector('.rows');
          // Made after the content script's observer, so it is called right after it, for the same insertion:
          // it sees what the frame with the rows will show.
          let withTheRows = -1;
          const observer = new MutationObserver(() => {
            withTheRows = document.querySelectorAll('.rows [data-signbridge="button"]').length;
            observer.disconnect();
          });
          observer.observe(document.body, { childList: true, subtree: true });
          for (let i = 0; i < 500; i++) {
            const tr = document.createElement('tr');
            tr.innerHTML = `<td><a href="/files/lib/doc-${i}.pdf">Document ${i}.pdf</a></td><td><a href="?page=${i}">Details</a></td>`;
            rows?.append(tr);
          }
          setTimeout(() => {
            const shown = [...document.querySelectorAll('.rows tr')].filter((tr) => tr.getBoundingClientRect().top < innerHeight);
            resolve({
              inView: shown.length,
              inViewWithButton: shown.filter((tr) => tr.querySelector('[data-signbridge="button"]')).length,
              all: document.querySelectorAll('[data-signbridge="button"]').length,
              withTheRows,
              window: innerHeight,
            });
          }, 0);
        }),
    );
    expect(next.inView).toBeGreaterThan(10);
    expect(next.inViewWithButton).toBe(next.inView);
    // The frame that shows the rows lays out no more buttons than the window can show (one per 10 px, at least
    // 32: src/content/decorate.ts): on a grid each is anchored out of the flow, and 270 of them made that frame
    // 74 ms later than the page's own.
    expect(next.withTheRows).toBeGreaterThanOrEqual(next.inView);
    expect(next.withTheRows).toBeLessThanOrEqual(Math.max(32, Math.ceil(next.window / 10)));
    // The rest come in tasks of their own after that frame (src/content/decorate.ts, LATER_SLICE_MS).
    await waitFor(async () => (await buttonTargets(page)).length === 501, 'every row\'s button');
    const targets = await buttonTargets(page);
    expect(new Set(targets).size).toBe(501);
    await page.close();
  });

  test('server-rendered CRM record: attachments and an inline document, once each, never on navigation', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    const expected = ['files/msa.pdf', 'files/order-form.docx', 'files/pricing.pdf'].map((p) => pages.url(p));
    await expect.poll(async () => sorted(await buttonTargets(page)), { timeout: 10_000 }).toEqual(sorted(expected));
    // The row's "Download" link to the same file shares the row's button; the tabs, Del, Help, tel: links get none.
    expect(await page.getByRole('button', { name: SEND_BUTTON }).count()).toBe(3);
    // The button sits after the file link inside its cell, and does not stretch the row.
    const row = page.locator('tr.attachment-row').first();
    const button = row.getByRole('button', { name: SEND_BUTTON });
    expect(await button.evaluate((b) => (b.getRootNode() as ShadowRoot).host.previousElementSibling?.className)).toBe('file-link');
    const heights = await button.evaluate((b) => ({ button: b.getBoundingClientRect().height, font: getComputedStyle(b).fontSize }));
    expect(heights.button).toBeLessThan(26);
    expect(heights.font).toBe('12px');
    await page.close();
  });

  test('the button is keyboard reachable: Tab from its document link focuses it', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('crm-record.html'));
    await waitFor(async () => (await buttonTargets(page)).length === 3, 'buttons');
    await page.locator('a.file-link').first().focus();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const host = document.activeElement;
      return { host: host?.getAttribute('data-signbridge'), inner: host?.shadowRoot?.activeElement?.textContent };
    });
    expect(focused).toEqual({ host: 'button', inner: 'Send for signature' });
    await page.close();
  });

  test('SPA library: rows rendered late, a new upload, folder changes without reload, a virtualised list', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('dms-library.html'));
    // The filing rules link in the header stays across folders: it must keep exactly one button.
    const guide = pages.url('files/related.pdf');
    const contracts = [guide, ...['files/lease.docx', 'files/nda.pdf', 'files/board-minutes.pdf'].map((p) => pages.url(p))];
    await expect.poll(() => buttonTargets(page), { timeout: 10_000 }).toEqual(contracts);

    await page.evaluate(() => (window as unknown as { dms: { addUpload(n: string, h: string): void } }).dms.addUpload('Late.pdf', '/files/contract.pdf'));
    await expect.poll(() => buttonTargets(page), { timeout: 10_000 }).toEqual([...contracts, pages.url('files/contract.pdf')]);

    // In-app navigation to the virtualised Archive: no reload, only rendered rows exist, each gets one button.
    const marker = await page.evaluate(() => ((window as unknown as { loadMarker: number }).loadMarker = Math.random()));
    // Mark the header link's button: navigation must tear it down (AbortSignal) and decorate anew.
    await page.evaluate(() => document.querySelector('.guide [data-signbridge="button"]')?.setAttribute('data-old', ''));
    await page.getByRole('link', { name: 'Archive (2,000)' }).click();
    await waitFor(() => page.url().endsWith('?folder=archive'), 'pushState to the archive');
    const rendered = () => page.evaluate(() => (window as unknown as { dms: { renderedCount(): number } }).dms.renderedCount());
    await expect.poll(async () => (await buttonTargets(page)).length, { timeout: 10_000 }).toBeGreaterThan(10);
    await expect.poll(async () => (await buttonTargets(page)).length, { timeout: 10_000 }).toBe((await rendered()) + 1);
    let targets = await buttonTargets(page);
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets[0]).toBe(guide);
    expect(await page.locator('.guide [data-signbridge="button"]').count()).toBe(1);
    expect(await page.locator('[data-old]').count()).toBe(0);
    expect(targets.slice(1).every((t) => /\/files\/archive\/contract-\d+\.pdf$/.test(t))).toBe(true);

    await page.evaluate(() => (window as unknown as { dms: { scrollTo(i: number): void } }).dms.scrollTo(1000));
    await expect.poll(async () => (await buttonTargets(page)).includes(pages.url('files/archive/contract-1001.pdf')), { timeout: 10_000 }).toBe(true);
    await expect.poll(async () => (await buttonTargets(page)).length, { timeout: 10_000 }).toBe((await rendered()) + 1);
    targets = await buttonTargets(page);
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets).not.toContain(pages.url('files/archive/contract-1.pdf'));

    await page.goBack();
    // The page keeps its uploaded file in the folder it went back to.
    await expect.poll(() => buttonTargets(page), { timeout: 10_000 }).toEqual([...contracts, pages.url('files/contract.pdf')]);
    expect(await page.evaluate(() => (window as unknown as { loadMarker?: number }).loadMarker)).toBe(marker);
    // Folder links and the row menus are not documents.
    expect(await page.locator('aside').getByRole('button').count()).toBe(0);
    await page.close();
  });

  test('web-components CRM: attachments inside nested open shadow roots, late rows, a late-defined component', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('wc-crm.html'));
    const expected = ['files/msa.pdf', 'files/order-form.docx', 'files/related.pdf'].map((p) => pages.url(p));
    await expect.poll(async () => sorted(await buttonTargets(page)), { timeout: 10_000 }).toEqual(sorted(expected));
    await page.evaluate(() => (window as unknown as { wcCrm: { addAttachment(n: string, h: string): void } }).wcCrm.addAttachment('NDA.pdf', '/files/nda.pdf'));
    await expect.poll(async () => sorted(await buttonTargets(page)), { timeout: 10_000 }).toEqual(sorted([...expected, pages.url('files/nda.pdf')]));
    expect(await page.getByRole('button', { name: SEND_BUTTON }).count()).toBe(4);
    await page.close();
  });
  test('a web-components record without an adapter: the signer from a mail link in nested shadow roots, the record\'s title as subject', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('lightning-record.html'));
    await page.locator('[data-signbridge="button"]').getByRole('button').click();
    const dialog = await dialogFrame(page, harness);
    await expect.poll(() => dialog.getByLabel('Recipient 1 email').inputValue({ timeout: 500 }), { timeout: 10_000 }).toBe('ann.lee@example.com');
    expect(await dialog.getByLabel('Recipient 1 name').inputValue()).toBe('Ann Lee');
    expect(await dialog.getByLabel('Subject').inputValue()).toBe('Please sign: Contract.pdf (Platform renewal 2026)');
    await page.screenshot({ path: 'test-results/screenshots/lightning-record-prefilled.png' });
    await page.close();
  });
});
