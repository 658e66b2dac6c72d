import { t, type MessageKey } from '../../shared/i18n.ts';
import { isArmed, type Signing } from '../state.ts';
import type { SectionProps } from '../views/props.ts';
import { signNow } from './commands.ts';

/** DocuSign's `event` on the return from signing (its embedded-signing return URL), in words. */
const OUTCOME: Record<string, MessageKey> = {
  signing_complete: 'dialog_signed',
  cancel: 'dialog_signPaused',
  decline: 'dialog_declined',
  ttl_expired: 'dialog_signExpired',
  session_timeout: 'dialog_signTimedOut',
  exception: 'dialog_signException',
};

/** Signing is over for this signer: nothing left to sign, so no button (DocuSign would refuse a view). */
const isFinal = (signing: Signing | undefined): boolean =>
  signing?.name === 'ended' && (signing.event === 'signing_complete' || signing.event === 'decline');

export function describeSigning(signing: Signing | undefined): string {
  if (!signing) return '';
  if (signing.name === 'opening') return t('dialog_openingDocuSign');
  if (signing.name === 'open') return t('dialog_signingOpen');
  if (signing.name === 'failed') return signing.message;
  const key = OUTCOME[signing.event];
  return key ? t(key as 'dialog_signed') : t('dialog_signEnded', signing.event);
}

/** After the send: "Sign now" for each signer who signs on this device, and how their signing went. */
export function SignNow({ state, commands }: SectionProps) {
  const { phase } = state;
  if (phase.name !== 'sent') return null;
  const { envelopeId } = phase.result;
  return (
    <>
      {phase.result.signNow.map((s) => {
        const signing = state.signing[s.recipientId];
        const busy = signing?.name === 'opening' || signing?.name === 'open';
        return (
          <p class="sign-now-row" key={s.recipientId}>
            {isFinal(signing) ? null : (
              <button
                type="button" class={busy ? 'secondary' : undefined} disabled={!isArmed(state) || signing?.name === 'opening'}
                onClick={() => void signNow(commands.context, envelopeId, s.recipientId)}
              >
                {t('dialog_signNow', s.name)}
              </button>
            )}{' '}
            <span role="status" data-testid={`signing-${s.recipientId}`}>{describeSigning(signing)}</span>
          </p>
        );
      })}
    </>
  );
}
