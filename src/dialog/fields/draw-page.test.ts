/**
 * `drawPage`: the visible canvas changes only once pdf.js has finished drawing the page elsewhere (pdf.js
 * paints on an opaque context, black until drawn), and a draw overtaken by a newer one paints nothing.
 */
import { describe, expect, it } from 'vitest';
import { drawPage, type RenderablePage } from './draw-page.ts';

interface FakeCanvas {
  width: number;
  height: number;
  painted: unknown[];
  getContext(kind: '2d'): { drawImage(source: unknown, x: number, y: number): void };
}

const fakeCanvas = (): FakeCanvas => {
  const canvas: FakeCanvas = {
    width: 300,
    height: 150,
    painted: [],
    getContext: () => ({ drawImage: (source) => void canvas.painted.push(source) }),
  };
  return canvas;
};

/** A page whose rendering finishes when the test says so. */
function slowPage(width: number) {
  let finish = () => {};
  const page: RenderablePage = {
    getViewport: ({ scale }) => ({ width: width * scale, height: width * 2 * scale }),
    render: () => ({ promise: new Promise<void>((resolve) => (finish = resolve)) }),
  };
  return { page, finish: () => finish() };
}

const asCanvas = (c: FakeCanvas) => c as unknown as HTMLCanvasElement;

describe('drawPage', () => {
  it('leaves the visible canvas as it was until the page is drawn, then copies it in at once', async () => {
    const visible = fakeCanvas();
    const offscreen = fakeCanvas();
    const { page, finish } = slowPage(100);
    const drawing = drawPage(page, asCanvas(visible), 2, () => asCanvas(offscreen));
    await Promise.resolve();
    // Rendering: the visible canvas is neither resized (which clears it) nor painted.
    expect([visible.width, visible.height, visible.painted.length]).toEqual([300, 150, 0]);
    finish();
    await drawing;
    expect([visible.width, visible.height]).toEqual([200, 400]);
    expect(visible.painted).toEqual([offscreen]);
  });

  it('a draw overtaken by a newer one (a resize meanwhile) paints nothing', async () => {
    const visible = fakeCanvas();
    const first = slowPage(100);
    const second = slowPage(100);
    const older = drawPage(first.page, asCanvas(visible), 1, () => asCanvas(fakeCanvas()));
    const newer = drawPage(second.page, asCanvas(visible), 3, () => asCanvas(fakeCanvas()));
    second.finish();
    await newer;
    first.finish();
    await older;
    expect([visible.width, visible.height, visible.painted.length]).toEqual([300, 600, 1]);
  });
});
