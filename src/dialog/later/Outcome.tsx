import { t } from '../../shared/i18n.ts';
import type { SectionProps } from '../views/props.ts';
import { Uploading } from '../views/Uploading.tsx';
import { openInDocuSign } from './commands.ts';
import { SignNow } from './SignNow.tsx';
import { fieldErrors } from './validate.ts';

/** What the last attempt came to: the form's problems, the upload under way, the failure, or the envelope and Sign now. */
export function Outcome({ state, commands }: SectionProps) {
  const { phase, opening, link } = state;
  const reconnected = phase.name === 'failed' && link.name === 'done';
  return (
    <>
      {fieldErrors(state).length > 0 ? <p class="error" role="alert" data-testid="form-errors">{t('dialog_errSummary')}</p> : null}
      <Uploading state={state} />
      {phase.name === 'failed' && !reconnected ? <p class="error" role="alert" data-code={phase.failure.code}>{phase.failure.message}</p> : null}
      {reconnected ? (
        <p class="ok" role="status">{t(link.mode === 'reconnect' ? 'dialog_reconnected' : 'dialog_connected')}</p>
      ) : null}
      {phase.name === 'sent' ? (
        <p role="status" class="ok">
          {t('dialog_sentEnvelope')} <code data-testid="envelope-id">{phase.result.envelopeId}</code>{' '}
          <button type="button" class="link" onClick={() => void openInDocuSign(commands.context, phase.result.envelopeId)}>{t('dialog_openInDocuSign')}</button>{' '}
          <span data-testid="open-in-docusign-status">
            {opening.name === 'opening' ? t('dialog_openingDocuSign') : opening.name === 'failed' ? opening.message : ''}
          </span>
        </p>
      ) : null}
      <SignNow state={state} commands={commands} />
    </>
  );
}
