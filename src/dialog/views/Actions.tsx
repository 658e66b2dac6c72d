import { t } from '../../shared/i18n.ts';
import { canSend } from '../state.ts';
import type { SectionProps } from './props.ts';

/** The dialog's actions (Layout keeps them in view): Cancel and Send (Retry after a failure), or Done once sent. */
export function Actions({ state, commands }: SectionProps) {
  const { phase } = state;
  return (
    <>
      {phase.name === 'sent' ? (
        <button type="button" onClick={commands.close}>{t('dialog_done')}</button>
      ) : (
        <>
          <button type="button" class="secondary" onClick={commands.close}>{t('dialog_cancel')}</button>
          <button type="button" disabled={!canSend(state)} onClick={() => void commands.send()}>
            {t(phase.name === 'failed' ? 'dialog_retry' : 'dialog_send')}
          </button>
        </>
      )}
    </>
  );
}
