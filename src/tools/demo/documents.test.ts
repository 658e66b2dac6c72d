import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeDocx, makePdf } from './documents.ts';

describe('demo documents', () => {
  it('makes a PDF whose xref offsets point at its objects', () => {
    const text = strFromU8(makePdf('Master Services Agreement', 3));
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text).toContain('/Count 3');
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => expect(text.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
  });

  it('makes a DOCX with the main document part', () => {
    const parts = unzipSync(makeDocx(['Hello & welcome']));
    expect(Object.keys(parts)).toContain('word/document.xml');
    expect(strFromU8(parts['word/document.xml'] ?? new Uint8Array())).toContain('Hello &amp; welcome');
  });
});
