import type { DialogState } from '../state.ts';

/** This page already sent this document: said once, before a second envelope is made. */
export function AlreadySent({ state }: { state: DialogState }) {
  const sent = state.session?.sent;
  if (!sent) return null;
  return (
    <p class="notice" role="note">
      Already sent from this page (envelope {sent.envelopeId}{sent.outcome ? `, ${sent.outcome}` : ''}). Sending again creates a new envelope.
    </p>
  );
}
