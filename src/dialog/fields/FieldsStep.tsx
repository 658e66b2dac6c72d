/**
 * "Place fields": the document's pages (pdf.js, pages.ts), a signer and a kind to place, a click on a
 * page to place, drag or arrow keys to move, × or Delete to remove. Loaded by a dynamic import only
 * when the step opens (open.ts), so neither pdf.js nor this file is in the dialog's first bundle.
 */
import { useEffect, useState } from 'preact/hooks';
import { FIELD_KINDS, type FieldKind } from '../../shared/api-send.ts';
import { t } from '../../shared/i18n.ts';
import type { StepProps } from './open.ts';
import { Layout } from '../views/Layout.tsx';
import { kindLabel, signerName } from './labels.ts';
import { openPdf, type OpenedPdf } from './pages.ts';
import { PageView } from './PageView.tsx';
import { countPlaced, MAX_PLACED, placedOf, reduceFields, type FieldsAction } from './reducer.ts';
import './fields.css';

type Loaded = { name: 'loading' } | { name: 'failed'; message: string } | { name: 'ready'; pdf: OpenedPdf };

export function FieldsStep({ state, commands, documents, onDone }: StepProps) {
  const { recipients } = state.form;
  const signers = recipients.flatMap((r, index) => (r.role === 'signer' ? [index] : []));
  const [signer, setSigner] = useState(signers[0] ?? -1);
  const [kind, setKind] = useState<FieldKind>('signHere');
  const [loaded, setLoaded] = useState<Loaded[]>(documents.map(() => ({ name: 'loading' })));

  useEffect(() => {
    let live = true;
    const opened: OpenedPdf[] = [];
    documents.forEach((doc, i) => {
      void openPdf(doc.blobUrl).then((answer) => {
        if (answer.ok) opened.push(answer.pdf);
        if (!live) return answer.ok ? answer.pdf.close() : undefined;
        const next: Loaded = answer.ok ? { name: 'ready', pdf: answer.pdf } : { name: 'failed', message: answer.message };
        setLoaded((all) => all.map((l, j) => (j === i ? next : l)));
      });
    });
    return () => {
      live = false;
      for (const pdf of opened) pdf.close();
    };
  }, [documents]);

  const act = (action: FieldsAction) => {
    const fields = reduceFields(recipients, action);
    if (fields) commands.dispatch({ type: 'editRecipient', index: action.recipient, patch: { fields } });
  };
  const full = placedOf(recipients[signer]).length >= MAX_PLACED;
  const done = <button type="button" id="fields-done" onClick={onDone}>{t('dialog_fieldsDone')}</button>;

  return (
    <Layout onHeight={commands.reportHeight} onClose={commands.close} actions={done}>
      <section class="fields-step" aria-labelledby="fields-title">
        <h2 id="fields-title">{t('dialog_fieldsTitle')}</h2>
        <div class="fields-tools">
          <label for="fields-signer">{t('dialog_fieldsSigner')}</label>
          <label for="fields-kind">{t('dialog_fieldsKind')}</label>
          <select id="fields-signer" value={String(signer)} onChange={(e) => setSigner(Number(e.currentTarget.value))}>
            {signers.map((index) => <option key={index} value={String(index)}>{signerName(recipients, index)}</option>)}
          </select>
          <select id="fields-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as FieldKind)}>
            {FIELD_KINDS.map((k) => <option key={k} value={k}>{kindLabel(k)}</option>)}
          </select>
        </div>
        <p class="muted" id="fields-hint">{t('dialog_fieldsHint')}</p>
        <p class="muted" role="status">
          {full ? t('dialog_fieldsFull', String(MAX_PLACED)) : t('dialog_fieldsCount', String(countPlaced(recipients)))}
        </p>
        {documents.map((doc, d) => {
          const l = loaded[d] ?? { name: 'loading' };
          return (
            <div class="fields-document" key={doc.blobUrl}>
              {documents.length > 1 ? <h3>{doc.name}</h3> : null}
              {l.name === 'loading' ? <p class="muted" role="status">{t('dialog_fieldsLoading')}</p> : null}
              {l.name === 'failed' ? <p class="error" role="alert">{t('dialog_fieldsFailed', l.message.slice(0, 200))}</p> : null}
              {l.name === 'ready'
                ? l.pdf.pages.map((size, p) => (
                    <PageView
                      key={p}
                      pdf={l.pdf}
                      document={d + 1}
                      page={p + 1}
                      pages={l.pdf.pages.length}
                      size={size}
                      recipients={recipients}
                      place={signer >= 0 && !full ? { recipient: signer, kind } : null}
                      act={act}
                    />
                  ))
                : null}
            </div>
          );
        })}
      </section>
    </Layout>
  );
}
