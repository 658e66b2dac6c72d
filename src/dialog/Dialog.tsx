/**
 * The send dialog: one state (state.ts), its effects (controller.ts) and one small view per section
 * (views/). Every section renders from the same state; new sections are new components here.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../shared/i18n.ts';
import { useLater } from './load-later.ts';
import { useDialog } from './controller.ts';
import { useSendGuard } from './visibility.ts';
import { Actions } from './views/Actions.tsx';
import { Layout } from './views/Layout.tsx';
import { AlreadySent } from './views/AlreadySent.tsx';
import { Documents } from './views/Documents.tsx';
import { GuardNotice } from './views/GuardNotice.tsx';
import { MessageFields } from './views/MessageFields.tsx';
import { Recipients } from './views/Recipients.tsx';
import { SendFrom } from './views/SendFrom.tsx';
import { Uploading } from './views/Uploading.tsx';
import { TemplateEntry } from './template/TemplateEntry.tsx';
import { useFieldsStep } from './fields/open.ts';

export function Dialog({ sessionId }: { sessionId: string }) {
  const [state, commands] = useDialog(sessionId);
  const [actions, setActions] = useState<HTMLDivElement | null>(null);
  // A document already sent opens its status panel (the worker's `mode`); "Send again" shows the form.
  const [sendAgain, setSendAgain] = useState(false);
  // "Place fields": the step and pdf.js load at the click (fields/open.ts).
  const fields = useFieldsStep();
  // What runs on Send and after it: loaded once the form has painted (load-later.ts).
  const later = useLater();
  // No send and no signing while the page hides, covers or fades this dialog (see visibility.ts).
  const visible = useSendGuard(actions, state.session?.presentation);
  useEffect(() => commands.dispatch({ type: 'guard', visible }), [visible, commands]);
  // Send refused for the form's problems (by later/, which checks): the focus goes to the first field with
  // one (WAI-ARIA forms). Only on a refused Send, not on every keystroke while errors are shown.
  useEffect(() => later?.focusFirstError(state), [state.attempts]);

  const { phase, session } = state;
  const onHeight = commands.reportHeight;
  if (phase.name === 'fatal') {
    return (
      <Layout onHeight={onHeight} actions={<button type="button" onClick={commands.close}>{t('dialog_close')}</button>}>
        <p class="error" role="alert">{phase.message}</p>
      </Layout>
    );
  }
  // The status panel renders from later/ (it loads its own chunk there): "Opening" until then.
  const status = session?.mode === 'status' && !sendAgain;
  if (status && later) {
    return <later.StatusPanel sessionId={sessionId} session={session} onSendAgain={() => setSendAgain(true)} onClose={commands.close} onHeight={onHeight} />;
  }
  if (!session || status || phase.name === 'claiming' || phase.name === 'downloading') {
    return (
      <Layout busy onHeight={onHeight}>
        <p class="muted" role="status">{session && !status ? t('dialog_downloading', session.document.name) : t('dialog_opening')}</p>
      </Layout>
    );
  }
  const props = { state, commands };
  if (fields.Step && state.bytes && phase.name !== 'sent') {
    const documents = [{ name: state.bytes.name, blobUrl: state.bytes.blobUrl }];
    return <fields.Step state={state} commands={commands} documents={documents} onDone={fields.close} />;
  }
  return (
    <Layout onHeight={onHeight} onClose={commands.close} actions={<Actions {...props} />} actionsRef={setActions}>
      <Documents {...props} />
      <SendFrom {...props} />
      {/* Connect and Reconnect come with their code, a moment after the form (load-later.ts). */}
      {later ? <later.Connection {...props} /> : null}
      <AlreadySent state={state} />
      <TemplateEntry {...props} sessionId={sessionId} />
      {/* With a template its roles are the recipients (shown in the template step). */}
      {state.form.template ? null : <Recipients {...props} />}
      {/* The fields line comes with the search for the document's anchors, a moment after the form. */}
      {state.form.template || !later ? null : <later.FieldsSummary state={state} onPlace={fields.open} failed={fields.failed} />}
      <MessageFields {...props} />
      {later ? <later.Outcome {...props} /> : <Uploading state={state} />}
      <GuardNotice state={state} />
    </Layout>
  );
}
