/**
 * The send dialog: one state (state.ts), its effects (controller.ts) and one small view per section
 * (views/). Every section renders from the same state; new sections are new components here.
 */
import { useEffect, useState } from 'preact/hooks';
import { useDialog } from './controller.ts';
import { useSendGuard } from './visibility.ts';
import { Actions } from './views/Actions.tsx';
import { AlreadySent } from './views/AlreadySent.tsx';
import { DocumentSummary } from './views/DocumentSummary.tsx';
import { GuardNotice } from './views/GuardNotice.tsx';
import { MessageFields } from './views/MessageFields.tsx';
import { Outcome } from './views/Outcome.tsx';
import { Recipients } from './views/Recipients.tsx';
import { SendFrom } from './views/SendFrom.tsx';
import { SignNow } from './views/SignNow.tsx';

export function Dialog({ sessionId }: { sessionId: string }) {
  const [state, commands] = useDialog(sessionId);
  const [actions, setActions] = useState<HTMLDivElement | null>(null);
  // No send and no signing while the page hides, covers or fades this dialog (see visibility.ts).
  const visible = useSendGuard(actions, state.session?.presentation);
  useEffect(() => commands.dispatch({ type: 'guard', visible }), [visible, commands]);

  const { phase, session } = state;
  if (phase.name === 'fatal') {
    return (
      <main class="dialog" aria-labelledby="title">
        <header><h1 id="title">Send for signature</h1></header>
        <div class="body"><p class="error" role="alert">{phase.message}</p></div>
        <div class="actions"><button type="button" onClick={commands.close}>Close</button></div>
      </main>
    );
  }
  if (!session || phase.name === 'claiming' || phase.name === 'downloading') {
    return (
      <main class="dialog" aria-busy="true" aria-labelledby="title">
        <header><h1 id="title">Send for signature</h1></header>
        <div class="body">
          <p class="muted" role="status">{session ? `Downloading ${session.document.name} from the page…` : 'Opening…'}</p>
        </div>
      </main>
    );
  }
  const props = { state, commands };
  return (
    <main class="dialog" aria-labelledby="title">
      <header>
        <h1 id="title">Send for signature</h1>
        <button type="button" class="secondary close" aria-label="Close" onClick={commands.close}>×</button>
      </header>
      {/* The form scrolls inside the frame; the header and the actions stay in view. */}
      <div class="body">
        <DocumentSummary state={state} />
        <SendFrom {...props} />
        <AlreadySent state={state} />
        <Recipients {...props} />
        <MessageFields {...props} />
        <Outcome {...props} />
        <SignNow {...props} />
        <GuardNotice state={state} />
      </div>
      <Actions {...props} actionsRef={setActions} />
    </main>
  );
}
