import type { Signing } from '../state.ts';
import { isArmed } from '../state.ts';
import type { SectionProps } from './props.ts';

const OUTCOME: Record<string, string> = {
  signing_complete: 'Signed.',
  cancel: 'Signing paused: finish later with Sign now.',
  decline: 'Declined.',
  ttl_expired: 'The signing link expired; click Sign now for a fresh one.',
  session_timeout: 'The signing session timed out; click Sign now to start again.',
  exception: 'DocuSign hit a problem during signing; click Sign now to try again.',
};

function describe(signing: Signing | undefined): string {
  if (!signing) return '';
  if (signing.name === 'opening') return 'Opening DocuSign in a new tab…';
  if (signing.name === 'open') return 'Signing in the DocuSign tab…';
  if (signing.name === 'failed') return signing.message;
  return OUTCOME[signing.event] ?? `Signing ended (${signing.event}).`;
}

/** After the send: "Sign now" for each signer who signs on this device, and how their signing went. */
export function SignNow({ state, commands }: SectionProps) {
  const { phase } = state;
  if (phase.name !== 'sent') return null;
  const { envelopeId } = phase.result;
  return (
    <>
      {phase.result.signNow.map((s) => (
        <p class="sign-now-row" key={s.recipientId}>
          <button type="button" disabled={!isArmed(state)} onClick={() => void commands.signNow(envelopeId, s.recipientId)}>Sign now: {s.name}</button>{' '}
          <span role="status" data-testid={`signing-${s.recipientId}`}>{describe(state.signing[s.recipientId])}</span>
        </p>
      ))}
    </>
  );
}
