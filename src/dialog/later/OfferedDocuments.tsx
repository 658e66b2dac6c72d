import { t } from '../../shared/i18n.ts';
import { canAdd, type Documents } from '../documents.ts';
import type { SectionProps } from '../views/props.ts';
import { addPageDocument } from './documents.ts';
import { notYetAdded } from './offered.ts';

/** A document being added, or why the last add failed (views/Documents.tsx; only this chunk adds). */
export function AddingDocument({ documents: { adding, problem } }: { documents: Documents }) {
  return (
    <>
      {problem ? <p class="field-error" role="alert">{problem}</p> : null}
      {adding !== null ? <p class="muted" role="status">{t('dialog_docsAdding', adding)}</p> : null}
    </>
  );
}

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
          <button type="button" class="link" disabled={!addable} onClick={() => void addPageDocument(commands.context.port(), offer, commands.dispatch)}>{t('dialog_docsAddOne', offer.name)}</button>
        </li>
      ))}
    </ul>
  );
}
