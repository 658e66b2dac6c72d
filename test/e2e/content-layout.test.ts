/**
 * Decoration keeps the page's layout: where the document link is itself a grid or table cell, the
 * button is no extra cell (test/pages/grid-cells.html). Every row's and cell's box is measured before
 * SignBridge decorates (same task as the rows appear) and after: no column moves, no row grows.
 */
import { expect } from 'vitest';
import { buttonTargets } from './content-pages.ts';
import { describeInBrowser, test, waitFor } from './harness.ts';

type Grid = { grid: { render(): void; boxes(): string[] } };

describeInBrowser('content script: layouts', () => {
  test('a grid-cell or table-cell document link: no column moves and no row grows after decoration', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('grid-cells.html'));
    // Rendered and measured in one script: the content script's observer runs when it has returned.
    const before = await page.evaluate(() => {
      (window as unknown as Grid).grid.render();
      return (window as unknown as Grid).grid.boxes();
    });
    await waitFor(async () => (await buttonTargets(page)).length === 6, 'six buttons');
    const after = await page.evaluate(() => (window as unknown as Grid).grid.boxes());
    expect(after).toEqual(before);
    // Each button is visible inside its own link's cell, clickable, and overlaps no other cell.
    const placement = await page.evaluate(() =>
      [...document.querySelectorAll('[data-signbridge="button"]')].map((host) => {
        const cell = host.previousElementSibling?.getBoundingClientRect();
        const next = host.nextElementSibling?.getBoundingClientRect();
        const b = host.getBoundingClientRect();
        return Boolean(cell && next && b.width > 0 && b.left >= cell.left && b.right <= cell.right + 0.5 && b.right <= next.left + 0.5 && b.top >= cell.top - 0.5 && b.bottom <= cell.bottom + 0.5);
      }),
    );
    expect(placement).toEqual([true, true, true, true, true, true]);
    await page.screenshot({ path: 'test-results/screenshots/grid-cells.png' });
    await page.close();
  });
});
