/**
 * Which of the page's documents the send dialog may add ("Add from this page"): those decorated on the
 * page now, each once, without the one the dialog was opened for, at most MAX_OFFERED. The content
 * script fetches a document for the dialog only if it is on this list when asked, so the dialog (or a
 * page that got hold of the port) can never make it fetch a URL of its choosing.
 */
import type { DocumentRef } from './detect.ts';

/** A 10,000-row library is not a list to pick from: the first hundred are offered. */
export const MAX_OFFERED = 100;

export function offeredDocuments(opened: DocumentRef, onPage: readonly DocumentRef[]): DocumentRef[] {
  const seen = new Set([opened.url]);
  const out: DocumentRef[] = [];
  for (const doc of onPage) {
    if (out.length >= MAX_OFFERED) break;
    if (seen.has(doc.url)) continue;
    seen.add(doc.url);
    out.push(doc);
  }
  return out;
}

export const isOffered = (url: string, opened: DocumentRef, onPage: readonly DocumentRef[]): boolean =>
  offeredDocuments(opened, onPage).some((d) => d.url === url);
