/**
 * Content script entry: runs in the page's isolated world. Small and importless by design: it finds,
 * decorates and hands off; anything that needs power happens in the service worker.
 */
import { call } from '../shared/rpc.ts';

const DOCUMENT_HREF = /\.(pdf|docx?|xlsx?|pptx?|rtf|txt|odt)(?:[?#]|$)/i;

function countDocumentLinks(root: ParentNode): number {
  let count = 0;
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[href]')) {
    if (DOCUMENT_HREF.test(a.pathname)) count += 1;
  }
  return count;
}

void call('pageSeen', { documents: countDocumentLinks(document) });
