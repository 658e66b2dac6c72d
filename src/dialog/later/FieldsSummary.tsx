/**
 * The form's fields line: how many fields are placed, which anchors the document carries, or that
 * signers will place their own; and "Place fields", which opens the step (fields/open.ts, loaded on demand).
 * Rendered from later/, a moment after the form (load-later.ts), with the search for anchors (steps.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { PLACE_FIELDS_ID } from '../fields/open.ts';
import { isLocked, type DialogState } from '../state.ts';
import { anchors } from './steps.ts';

const placedCount = (state: DialogState): number =>
  state.form.recipients.reduce((n, r) => n + (r.role === 'signer' ? (r.fields?.length ?? 0) : 0), 0);

export const isPdf = (state: DialogState): boolean =>
  state.bytes?.mimeType === 'application/pdf' || state.session?.document.kind === 'pdf';

export function FieldsSummary({ state, onPlace, failed }: { state: DialogState; onPlace: () => void; failed: string }) {
  const [found, setFound] = useState<string[]>([]);
  const blobUrl = state.bytes?.blobUrl;
  // The anchors to look for follow from the number of signers (anchors-found.ts, with the adapter's).
  const signers = state.form.recipients.filter((r) => r.role === 'signer').length;
  useEffect(() => {
    if (!blobUrl || !isPdf(state)) return undefined;
    let live = true;
    const adapter = state.session?.anchors ?? [];
    void anchors()
      .then(({ anchorStrings, anchorsFound }) => anchorsFound(blobUrl, anchorStrings(signers, adapter)))
      .then((list) => live && setFound(list), () => live && setFound([]));
    return () => {
      live = false;
    };
  }, [blobUrl, signers]);

  const placed = placedCount(state);
  const text =
    placed > 0 ? t('dialog_fieldsPlaced', String(placed))
    : found.length > 0 ? t('dialog_fieldsByAnchor', found.join(', '))
    : t('dialog_fieldsOwn');
  return (
    <div class="fields-summary">
      <p id="fields-summary" role="status">{text}</p>
      {isPdf(state) ? (
        // aria-disabled, not disabled, while sending: it stays focusable, so the scrolling body keeps a
        // keyboard stop while the form is locked (axe scrollable-region-focusable).
        <button
          type="button" class="secondary" id={PLACE_FIELDS_ID} aria-describedby="fields-summary"
          aria-disabled={isLocked(state) || !state.bytes ? 'true' : undefined}
          onClick={() => !isLocked(state) && state.bytes && onPlace()}
        >
          {t('dialog_fieldsPlace')}
        </button>
      ) : null}
      {failed ? <p class="error" role="alert">{t('dialog_fieldsFailed', failed.slice(0, 200))}</p> : null}
    </div>
  );
}
