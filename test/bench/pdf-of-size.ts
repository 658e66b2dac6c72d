import { makePdf } from '../../src/sim/index.ts';

/** A valid PDF padded to `size` bytes (the padding sits in a comment after the header). */
export function pdfOfSize(size: number): Uint8Array {
  const base = makePdf(1, 'Bench');
  const out = new Uint8Array(size);
  const head = Buffer.from('%PDF-1.4\n%');
  out.set(head, 0);
  out.fill(0x41, head.length, size - base.length);
  out.set(base, size - base.length);
  return out;
}
