/**
 * Canvas pixels ↔ DocuSign's coordinates. DocuSign places a tab by `xPosition`/`yPosition` in points
 * (1/72 inch) from the top left of the page (eSignature REST API, `signHere`: "xPosition … from the
 * left of the page", positions in pixels at 72 dpi, that is, points). pdf.js's viewport at scale 1 is
 * the page in points with its origin already moved to the top left, so a point is a pixel / scale.
 */

export interface PageSize {
  /** Points, at scale 1 (pdf.js `getViewport({ scale: 1 })`). */
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

const clamp = (value: number, max: number) => Math.min(Math.max(0, value), max);
/** Tenths of a point: finer than DocuSign keeps (it rounds to whole points), so nothing is lost. */
const tenth = (value: number) => Math.round(value * 10) / 10;

/** The page's point under a pixel of the page drawn at `scale`, kept on the page. */
export function toPoints(pixel: Point, scale: number, page: PageSize): Point {
  return { x: tenth(clamp(pixel.x / scale, page.width)), y: tenth(clamp(pixel.y / scale, page.height)) };
}

/** Where a point of the page is drawn at `scale`. */
export function toPixels(point: Point, scale: number): Point {
  return { x: point.x * scale, y: point.y * scale };
}

/** The scale that fits the page into `width` CSS pixels. */
export const fitScale = (page: PageSize, width: number): number => (page.width > 0 ? width / page.width : 1);
