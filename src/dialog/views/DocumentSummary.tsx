import { t, type MessageKey } from '../../shared/i18n.ts';
import { formatSize } from '../model.ts';
import type { DialogState } from '../state.ts';

const KIND: Record<string, MessageKey> = {
  pdf: 'dialog_kindPdf', word: 'dialog_kindWord', excel: 'dialog_kindExcel', powerpoint: 'dialog_kindPowerpoint',
  image: 'dialog_kindImage', text: 'dialog_kindText', html: 'dialog_kindHtml',
};

/** The document being sent: name, kind and size, and (for tests) the SHA-256 of the bytes the page gave. */
export function DocumentSummary({ state }: { state: DialogState }) {
  const { session, bytes } = state;
  if (!session) return null;
  return (
    <section class="document" aria-label={t('dialog_documentRegion')}>
      <strong data-testid="document-name">{session.document.name}</strong>
      <span class="muted" data-testid="document-meta">
        {' '}{t(KIND[session.document.kind] ?? 'dialog_kindOther')} · {bytes ? formatSize(bytes.size) : ''}
      </span>
      {bytes ? <span hidden data-testid="document-sha256">{bytes.sha256}</span> : null}
    </section>
  );
}
