/**
 * How many pages a PDF has and how large they may be, read chunk by chunk from the upload (no copy of
 * the document is made): page objects (`/Type /Page`) and every `/MediaBox`. Used only to refuse a field
 * on a page the document does not have or off every page. A PDF whose page objects sit in compressed
 * object streams (PDF 1.5+) shows none: then the page count is unknown and DocuSign checks alone.
 */

export interface PageInfo {
  count: number;
  /** The largest width and height of any page (points); US Letter when no MediaBox is readable. */
  width: number;
  height: number;
}

const PAGE = /\/Type\s*\/Page(?![a-zA-Z])/g;
const BOX = /\/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/g;
/** Longer than any match above, so a match split across two chunks is seen whole once. */
const CARRY = 200;

export function pdfPages(chunks: readonly Uint8Array[]): PageInfo | undefined {
  let carry = '';
  let count = 0;
  let width = 0;
  let height = 0;
  for (const chunk of chunks) {
    const text = carry + Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    // A match ending inside the carried tail was counted with the previous chunk.
    const fresh = (m: RegExpMatchArray) => (m.index ?? 0) + m[0].length > carry.length;
    for (const m of text.matchAll(PAGE)) if (fresh(m)) count++;
    for (const m of text.matchAll(BOX)) {
      if (!fresh(m)) continue;
      width = Math.max(width, Math.abs(Number(m[3]) - Number(m[1])));
      height = Math.max(height, Math.abs(Number(m[4]) - Number(m[2])));
    }
    carry = text.slice(-CARRY);
  }
  if (count === 0) return undefined;
  return { count, width: width || 612, height: height || 792 };
}
