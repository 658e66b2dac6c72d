/** Just enough PDF for the simulator: count pages of a stored document, and make a small valid PDF. */

/** Counts `/Type /Page` objects (not `/Pages`); 1 for anything that is not a readable PDF. */
export function countPages(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 5_000_000)).toString('latin1');
  const matches = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g);
  return Math.max(1, matches?.length ?? 0);
}

export const isPdf = (bytes: Uint8Array): boolean => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

/** A minimal valid PDF with `pages` pages, each showing a line of text, and optional extra lines (anchors). */
export function makePdf(pages: number, title = 'Document', lines: readonly { page: number; text: string }[] = []): Uint8Array {
  const objects: string[] = [];
  const count = Math.max(1, Math.floor(pages));
  const kids = Array.from({ length: count }, (_, i) => `${4 + i * 2} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${count} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (let i = 0; i < count; i++) {
    const safe = `${title} - page ${i + 1}`.replace(/[()\\]/g, '');
    const extra = lines
      .filter((l) => l.page === i + 1)
      .map((l, n) => `\nBT /F1 12 Tf 72 ${690 - n * 30} Td (${l.text.replace(/[()\\]/g, '')}) Tj ET`)
      .join('');
    const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET${extra}`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`);
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}
