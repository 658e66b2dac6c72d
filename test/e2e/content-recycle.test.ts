/**
 * A virtual list that recycles its row elements in place (test/pages/recycle-list.html): wherever it is
 * scrolled, every document shown has exactly one button, beside its link, saying that document's state;
 * folders have none. The most serious failure this guards against: "Sent" beside a document that was
 * never sent, because the row element showed a sent one before.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { describeInBrowser, test, waitFor } from './harness.ts';

interface RowReport {
  index: number;
  href: string;
  name: string;
  folder: boolean;
  buttons: { afterLink: boolean; state: string; label: string }[];
}

const report = (page: Page) => page.evaluate(() => (window as unknown as { vlist: { report(): RowReport[] } }).vlist.report());
const scrollTo = (page: Page, index: number) => page.evaluate((i) => (window as unknown as { vlist: { scrollTo(i: number): void } }).vlist.scrollTo(i), index);

/** Every row as it must be: folders bare; documents with one button after the link, in their own state. */
function problems(rows: RowReport[], sent: ReadonlySet<number>): string[] {
  return rows.flatMap((row) => {
    if (row.folder) return row.buttons.length === 0 ? [] : [`folder ${row.index} has ${row.buttons.length} button(s)`];
    if (row.buttons.length !== 1) return [`document ${row.index} has ${row.buttons.length} buttons`];
    const [button] = row.buttons;
    const expected = sent.has(row.index) ? 'sent' : 'idle';
    const out: string[] = [];
    if (!button?.afterLink) out.push(`document ${row.index}: button not beside its link`);
    if (button?.state !== expected) out.push(`document ${row.index}: "${button?.state}", expected "${expected}"`);
    if (!button?.label.includes(row.name)) out.push(`document ${row.index}: name "${button?.label}" does not say "${row.name}"`);
    return out;
  });
}

describeInBrowser('content script: a virtual list that recycles row elements', () => {
  test('after scrolling anywhere in 5,000 rows each document has one button in its own state', async ({ harness, pages }) => {
    const sent = new Set([1, 2501]);
    const records = Object.fromEntries(
      [...sent].map((i) => [
        `${pages.origin}/recycle-list.html|${pages.url(`files/vlist/doc-${i}.pdf`)}`,
        { envelopeId: `env-${i}`, at: Date.UTC(2026, 11, 1), to: 'Ann Lee', others: 0 },
      ]),
    );
    // Signed, as the worker writes it: an unsigned storage.local value reads as empty (storage.ts).
    await harness.writeLocalItem('sentDocuments', records);
    const page = await harness.context.newPage();
    await page.goto(pages.url('recycle-list.html'));
    await waitFor(async () => problems(await report(page), sent).length === 0, 'the first rows decorated');
    expect((await report(page)).find((r) => r.index === 1)?.buttons[0]?.label).toMatch(/^Document 1\.pdf: sent to Ann Lee, /);
    await page.screenshot({ path: 'test-results/screenshots/recycle-list-top.png' });

    for (const index of [7, 40, 2490, 4975, 0, 1234, 2500]) {
      await scrollTo(page, index);
      let last: string[] = [];
      await waitFor(async () => (last = problems(await report(page), sent)).length === 0, `rows after scrolling to ${index}`).catch(() => {
        throw new Error(`after scrolling to ${index}: ${last.join('; ')}`);
      });
      if (index === 2500) await page.screenshot({ path: 'test-results/screenshots/recycle-list-2500.png' });
    }
    // Scrolling through the whole list, one viewport per task, leaves it right too.
    await page.evaluate(() => (window as unknown as { vlist: { scrollThrough(): Promise<void> } }).vlist.scrollThrough());
    await waitFor(async () => problems(await report(page), sent).length === 0, 'rows after scrolling through');
    await (await harness.serviceWorker()).evaluate(() => chrome.storage.local.remove('sentDocuments'));
    await page.close();
  });
});
