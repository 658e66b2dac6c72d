/**
 * The form's fields line: how many fields are placed, which anchors the document carries, or that
 * signers will place their own; and "Place fields", which opens the step (open.ts, loaded on demand).
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { isLocked, type DialogState } from '../state.ts';
import { PLACE_FIELDS_ID } from './open.ts';

/** `/sn1/`… for each signer (as the worker adds them, src/background/send-request.ts) and the adapter's. */
export function anchorStrings(state: DialogState): string[] {
  const signers = state.form.recipients.filter((r) => r.role === 'signer').length;
  const own = Array.from({ length: signers }, (_, i) => `/sn${i + 1}/`);
  const adapter = (state.session?.anchors ?? []).filter((a) => a.signer <= signers).map((a) => a.anchor);
  return [...new Set([...own, ...adapter])];
}

const placedCount = (state: DialogState): number =>
  state.form.recipients.reduce((n, r) => n + (r.role === 'signer' ? (r.fields?.length ?? 0) : 0), 0);

export const isPdf = (state: DialogState): boolean =>
  state.bytes?.mimeType === 'application/pdf' || state.session?.document.kind === 'pdf';

export function FieldsSummary({ state, onPlace, failed }: { state: DialogState; onPlace: () => void; failed: string }) {
  const [found, setFound] = useState<string[]>([]);
  const blobUrl = state.bytes?.blobUrl;
  const wanted = anchorStrings(state).join('\n');
  useEffect(() => {
    if (!blobUrl || !isPdf(state)) return undefined;
    let live = true;
    void import('./anchors-found.ts')
      .then(({ anchorsFound }) => anchorsFound(blobUrl, wanted.split('\n')))
      .then((list) => live && setFound(list), () => live && setFound([]));
    return () => {
      live = false;
    };
  }, [blobUrl, wanted]);

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
