import type { Ref } from 'preact';
import { isArmed } from '../state.ts';
import type { SectionProps } from './props.ts';

/** The dialog's actions: Cancel and Send (Retry after a failure), or Done once sent. */
export function Actions({ state, commands, actionsRef }: SectionProps & { actionsRef: Ref<HTMLDivElement> }) {
  const { phase, bytes } = state;
  return (
    <div class="actions" ref={actionsRef}>
      {phase.name === 'sent' ? (
        <button type="button" onClick={commands.close}>Done</button>
      ) : (
        <>
          <button type="button" class="secondary" onClick={commands.close}>Cancel</button>
          <button type="button" disabled={!bytes || phase.name === 'sending' || !isArmed(state)} onClick={() => void commands.send()}>
            {phase.name === 'failed' ? 'Retry' : 'Send'}
          </button>
        </>
      )}
    </div>
  );
}
