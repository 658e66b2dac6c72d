import { t } from '../../shared/i18n.ts';
import type { DialogState } from '../state.ts';

/** Why Send is not armed yet: the clickjacking guard (visibility.ts) has not seen the dialog fully visible. */
export function GuardNotice({ state }: { state: DialogState }) {
  if (state.guard !== false) return null;
  return (
    <p class="notice" data-testid="not-visible">
      {t(state.session?.presentation === 'window' ? 'dialog_guardWindow' : 'dialog_guardFrame')}
    </p>
  );
}
