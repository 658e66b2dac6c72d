import { t } from '../../shared/i18n.ts';
import type { DialogState } from '../state.ts';

/** This page already sent this document: said before a second envelope is made, gone once this one is. */
export function AlreadySent({ state }: { state: DialogState }) {
  const sent = state.session?.sent;
  if (!sent || state.phase.name === 'sent') return null;
  const key = sent.outcome === 'signed' ? 'dialog_alreadySigned' : sent.outcome === 'declined' ? 'dialog_alreadyDeclined' : 'dialog_alreadySent';
  return <p class="notice" role="note" data-testid="already-sent">{t(key, sent.envelopeId)}</p>;
}
