import type { DialogState } from '../state.ts';

/** Why Send is not armed yet: the clickjacking guard (visibility.ts) has not seen the dialog fully visible. */
export function GuardNotice({ state }: { state: DialogState }) {
  if (state.guard !== false) return null;
  return (
    <p class="notice" data-testid="not-visible">
      {state.session?.presentation === 'window'
        ? 'Sending is ready a moment after this window has the focus.'
        : 'Sending is paused while this dialog is covered or faded by the page.'}
    </p>
  );
}
