import type { Documents, PageOffer } from '../documents.ts';

/** The page's offered documents not in the envelope yet (pure: OfferedDocuments.tsx, documents.test.ts). */
export const notYetAdded = (docs: Documents): PageOffer[] =>
  (docs.offered ?? []).filter((offer) => !docs.list.some((d) => d.pageUrl === offer.url));
