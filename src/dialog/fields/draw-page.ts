/**
 * Drawing one page of the document on the fields step's canvas (pages.ts gives it pdf.js's page). Apart
 * from pages.ts so that it is tested without pdf.js, which needs a browser.
 */
/** What `drawPage` needs of a pdf.js page (`V`: its viewport). */
export interface RenderablePage<V extends { width: number; height: number } = { width: number; height: number }> {
  getViewport(options: { scale: number }): V;
  render(options: { canvas: HTMLCanvasElement; viewport: V }): { promise: Promise<unknown> };
}

/** The latest draw asked of each canvas: an earlier one that finishes later must not paint over it. */
const latest = new WeakMap<HTMLCanvasElement, number>();
let draws = 0;

/**
 * Renders `page` at `scale` (device pixels) into a canvas of its own, then copies it into `canvas` in one
 * step. pdf.js paints on an opaque context (`alpha: false`), which is black until the page is drawn: drawn
 * in place, every page showed black while it rendered, and again at each resize. Until the first copy the
 * canvas is transparent, and its sheet shows white (fields.css).
 */
export async function drawPage<V extends { width: number; height: number }>(
  page: RenderablePage<V>,
  canvas: HTMLCanvasElement,
  scale: number,
  offscreen = () => document.createElement('canvas'),
): Promise<void> {
  const draw = ++draws;
  latest.set(canvas, draw);
  const viewport = page.getViewport({ scale });
  const drawn = offscreen();
  drawn.width = Math.floor(viewport.width);
  drawn.height = Math.floor(viewport.height);
  try {
    await page.render({ canvas: drawn, viewport }).promise;
    if (latest.get(canvas) !== draw) return;
    canvas.width = drawn.width;
    canvas.height = drawn.height;
    canvas.getContext('2d')?.drawImage(drawn, 0, 0);
  } finally {
    // The offscreen bitmap goes now rather than at the next collection.
    drawn.width = drawn.height = 0;
  }
}
