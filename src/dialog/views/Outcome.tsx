import { formatSize } from '../model.ts';
import type { SectionProps } from './props.ts';

/** What the last attempt came to: the form's problem, the upload under way, the failure, or the envelope. */
export function Outcome({ state, commands }: SectionProps) {
  const { phase, bytes, opening } = state;
  return (
    <>
      {state.formError ? <p class="error" role="alert">{state.formError}</p> : null}
      {phase.name === 'sending' ? (
        <p role="status" class="muted"><progress /> Uploading {bytes ? formatSize(bytes.size) : ''} and creating the envelope…</p>
      ) : null}
      {phase.name === 'failed' ? <p class="error" role="alert" data-code={phase.failure.code}>{phase.failure.message}</p> : null}
      {phase.name === 'sent' ? (
        <p role="status" class="ok">
          Sent. Envelope ID: <code data-testid="envelope-id">{phase.result.envelopeId}</code>{' '}
          <button type="button" class="link" onClick={() => void commands.openInDocuSign(phase.result.envelopeId)}>Open in DocuSign</button>{' '}
          <span data-testid="open-in-docusign-status">
            {opening.name === 'opening' ? 'Opening DocuSign in a new tab…' : opening.name === 'failed' ? opening.message : ''}
          </span>
        </p>
      ) : null}
    </>
  );
}
