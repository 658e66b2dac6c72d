import { describe, expect, it } from 'vitest';
import type { DocumentRef } from './detect.ts';
import { isOffered, MAX_OFFERED, offeredDocuments } from './offered.ts';

const doc = (name: string): DocumentRef => ({ url: `https://crm.example/files/${name}`, name, kind: 'pdf' });
const msa = doc('msa.pdf');

describe('the documents "Add from this page" offers', () => {
  it('are the page’s decorated documents, once each, without the one the dialog opened for', () => {
    expect(offeredDocuments(msa, [msa, doc('order.docx'), doc('order.docx'), doc('pricing.pdf')]).map((d) => d.name)).toEqual(['order.docx', 'pricing.pdf']);
  });

  it('are bounded', () => {
    const many = Array.from({ length: MAX_OFFERED + 50 }, (_, i) => doc(`d${i}.pdf`));
    expect(offeredDocuments(msa, many)).toHaveLength(MAX_OFFERED);
    expect(isOffered(doc(`d${MAX_OFFERED}.pdf`).url, msa, many)).toBe(false);
  });

  it('are the only URLs fetched for the dialog: not one it names, nor the opened one again', () => {
    const onPage = [msa, doc('order.docx')];
    expect(isOffered(doc('order.docx').url, msa, onPage)).toBe(true);
    expect(isOffered('https://bank.example/statement.pdf', msa, onPage)).toBe(false);
    expect(isOffered(msa.url, msa, onPage)).toBe(false);
  });
});
