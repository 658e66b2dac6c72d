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

  test('1,000 new grid rows whose links are cells: the frame that shows them lays out half a window of buttons, the rest come after', async ({ harness, pages }) => {
    const page = await harness.context.newPage();
    await page.goto(pages.url('bench-library.html'));
    await waitFor(async () => (await page.locator('[data-signbridge="button"]').count()) === 1, 'the sentinel link’s button');
    const { inFirstFrame, budget } = await page.evaluate(
      () =>
        new Promise<{ inFirstFrame: number; budget: number }>((resolve) => {
          // src/content/decorate.ts: one button per 10 px of the window, and half that once they stand in cells.
          const budget = Math.ceil(Math.max(32, Math.ceil(innerHeight / 10)) / 2);
          requestAnimationFrame(() => resolve({ inFirstFrame: document.querySelectorAll('.grid [data-signbridge="button"]').length, budget }));
          (window as unknown as { addRows(n: number, layout: string): void }).addRows(1000, 'grid');
        }),
    );
    // Anchored out of the flow, each cell's button is laid out on its own: the first frame waits for every one.
    expect(inFirstFrame).toBeGreaterThan(0);
    expect(inFirstFrame).toBeLessThanOrEqual(budget);
    await waitFor(async () => (await page.locator('.grid [data-signbridge="button"]').count()) === 1000, 'every row’s button');
    await page.close();
  });
});
