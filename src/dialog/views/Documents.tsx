import { useRef } from 'preact/hooks';
import { DOCUMENT_LIMITS } from '../../shared/document-limits.ts';
import { t } from '../../shared/i18n.ts';
import { canAdd, FILE_TYPES, megabytes, type SendDocument } from '../documents.ts';
import { formatSize } from '../model.ts';
import { laterModule, shownErrors } from '../load-later.ts';
import { isLocked } from '../state.ts';
import { fieldAttributes, FieldErrorText } from './FieldError.tsx';
import { kindText } from './kinds.ts';
import type { SectionProps } from './props.ts';
import './documents.css';

/**
 * The envelope's documents in order, with Move up / Move down / Remove, "Add from this page" (the
 * page's other documents, fetched by the content script) and "Add a file from this computer". The
 * limits are said up front; beyond them Send is refused with the error on the list.
 */
export function Documents({ state, commands }: SectionProps) {
  const { session, documents } = state;
  const input = useRef<HTMLInputElement>(null);
  if (!session) return null;
  const errors = shownErrors(state);
  const { list, offered } = documents;
  const addable = canAdd(documents);
  const hint = t('dialog_docsHint', String(DOCUMENT_LIMITS.count), megabytes(DOCUMENT_LIMITS.eachBytes), megabytes(DOCUMENT_LIMITS.totalBytes));
  const later = laterModule();
  // The list takes the focus when Send was refused for it; aria-invalid is for form fields, not lists.
  const { 'aria-invalid': _invalid, ...listAttributes } = fieldAttributes('documents', errors, 'documents-hint');
  return (
    <fieldset class="documents" disabled={isLocked(state)}>
      {/* The limits up front, beside the title: one line, not another row in a dialog that should fit the window. */}
      <legend>{t('dialog_docsTitle')} <span class="muted hint" id="documents-hint">{hint}</span></legend>
      <ol class="document-list" tabIndex={-1} {...listAttributes}>
        {list.map((doc, index) => (
          <DocumentRow key={doc.id} doc={doc} index={index} count={list.length} opener={doc.pageUrl === session.document.url} {...{ commands }} />
        ))}
      </ol>
      <FieldErrorText field="documents" errors={errors} />
      {/* Adding comes with later/ (load-later.ts), and so do its progress and failure. */}
      {later ? <later.AddingDocument documents={documents} /> : null}
      <div class="add">
        <button type="button" class="secondary" disabled={!addable} aria-expanded={offered !== null} onClick={() => void commands.offerPageDocuments()}>
          {t('dialog_docsAddFromPage')}
        </button>
        <button type="button" class="secondary" disabled={!addable} onClick={() => input.current?.click()}>{t('dialog_docsAddFile')}</button>
        <input
          ref={input} type="file" accept={FILE_TYPES} hidden data-testid="document-file"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (file) void commands.addFile(file);
          }}
        />
      </div>
      {/* Offered only after "Add from this page", whose code and the list's come later (load-later.ts). */}
      {offered !== null && later ? <later.OfferedDocuments state={state} commands={commands} /> : null}
    </fieldset>
  );
}

interface RowProps {
  doc: SendDocument;
  index: number;
  count: number;
  /** The document whose button opened the dialog (the test ids of the one-document dialog stay on it). */
  opener: boolean;
  commands: SectionProps['commands'];
}

function DocumentRow({ doc, index, count, opener, commands }: RowProps) {
  const move = (by: -1 | 1) => commands.dispatch({ type: 'documentMoved', index, by });
  return (
    <li data-testid="send-document" data-sha256={doc.sha256}>
      <span class="name">
        <strong data-testid={opener ? 'document-name' : undefined}>{doc.name}</strong>{' '}
        <span class="muted" data-testid={opener ? 'document-meta' : undefined}>{kindText(doc.kind)} · {formatSize(doc.size)}</span>
        {opener ? <span hidden data-testid="document-sha256">{doc.sha256}</span> : null}
      </span>
      <button type="button" class="secondary" aria-label={t('dialog_docsMoveUpName', doc.name)} disabled={index === 0} onClick={() => move(-1)}>
        {t('dialog_docsMoveUp')}
      </button>
      <button type="button" class="secondary" aria-label={t('dialog_docsMoveDownName', doc.name)} disabled={index === count - 1} onClick={() => move(1)}>
        {t('dialog_docsMoveDown')}
      </button>
      <button type="button" class="secondary" aria-label={t('dialog_docsRemoveName', doc.name)} disabled={count <= 1} onClick={() => commands.dispatch({ type: 'documentRemoved', index })}>
        {t('dialog_docsRemove')}
      </button>
    </li>
  );
}
