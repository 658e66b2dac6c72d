import { formatSize } from '../model.ts';
import type { DialogState } from '../state.ts';

const KIND_LABEL: Record<string, string> = {
  pdf: 'PDF', word: 'Word', excel: 'Excel', powerpoint: 'PowerPoint', image: 'Image', text: 'Text', html: 'HTML', other: 'Document',
};

/** The document being sent: name, kind and size, and (for tests) the SHA-256 of the bytes the page gave. */
export function DocumentSummary({ state }: { state: DialogState }) {
  const { session, bytes } = state;
  if (!session) return null;
  return (
    <section class="document" aria-label="Document">
      <strong data-testid="document-name">{session.document.name}</strong>
      <span class="muted" data-testid="document-meta">
        {' '}{KIND_LABEL[session.document.kind] ?? 'Document'} · {bytes ? formatSize(bytes.size) : ''}
      </span>
      {bytes ? <span hidden data-testid="document-sha256">{bytes.sha256}</span> : null}
    </section>
  );
}
