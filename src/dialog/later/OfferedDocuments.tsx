import { t } from '../../shared/i18n.ts';
import { canAdd, type Documents, type PageOffer } from '../documents.ts';
import type { SectionProps } from '../views/props.ts';

/** The page's offered documents not in the envelope yet. */
export const notYetAdded = (docs: Documents): PageOffer[] =>
  (docs.offered ?? []).filter((offer) => !docs.list.some((d) => d.pageUrl === offer.url));

/** What "Add from this page" found on the page (views/Documents.tsx shows it once asked). */
export function OfferedDocuments({ state, commands }: SectionProps) {
  const { documents } = state;
  const others = notYetAdded(documents);
  if (others.length === 0) return <p class="muted">{t('dialog_docsNoneOffered')}</p>;
  const addable = canAdd(documents);
  return (
    <ul class="offered" aria-label={t('dialog_docsOffered')}>
      {others.map((offer) => (
        <li key={offer.url}>
          <button type="button" class="link" disabled={!addable} onClick={() => void commands.addPageDocument(offer)}>{t('dialog_docsAddOne', offer.name)}</button>
        </li>
      ))}
    </ul>
  );
}
