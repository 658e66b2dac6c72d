import { t } from '../../shared/i18n.ts';
import { formatSize } from '../model.ts';
import type { DialogState } from '../state.ts';

/** The send under way (also while its code loads: load-later.ts). */
export function Uploading({ state }: { state: DialogState }) {
  if (state.phase.name !== 'sending') return null;
  return <p role="status" class="muted"><progress /> {t('dialog_uploading', state.bytes ? formatSize(state.bytes.size) : '')}</p>;
}
