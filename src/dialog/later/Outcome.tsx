import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import type { SectionProps } from '../views/props.ts';
import { Uploading } from '../views/Uploading.tsx';
import { openInDocuSign } from './commands.ts';
import { SignInOffer } from './Connection.tsx';
import { endedOrganization, reconnectTarget } from './link.ts';
import { SignNow } from './SignNow.tsx';
import { fieldErrors } from './validate.ts';

/**
 * Scrolls the dialog's body, never the page around its frame, so that what `group` shows (its children:
 * it has no box of its own) is in view just above the actions, its top first when it is taller than the
 * body. Not `scrollIntoView`: from inside the frame that would scroll the page under the dialog too.
 */
function reveal(group: Element): void {
  const body = group.closest('.body');
  if (!body) return;
  const boxes = [...group.children].map((child) => child.getBoundingClientRect()).filter((box) => box.height > 0);
  if (boxes.length === 0) return;
  const top = Math.min(...boxes.map((box) => box.top));
  const bottom = Math.max(...boxes.map((box) => box.bottom));
  const view = body.getBoundingClientRect();
  const room = parseFloat(getComputedStyle(body).paddingBottom) || 0;
  if (bottom + room > view.bottom) body.scrollTop += Math.min(bottom + room - view.bottom, top - view.top);
  else if (top < view.top) body.scrollTop -= view.top - top;
}

const RECONNECTED = { connect: 'dialog_connected', reconnect: 'dialog_reconnected', signIn: 'dialog_signedInAgain' } as const;

/**
 * What the last attempt came to: the form's problems, the upload under way, the failure, or the envelope and
 * Sign now. It stands below the form, which scrolls inside the dialog: when an upload starts, fails or ends,
 * it is scrolled into view, so that Retry or Done never shows without the reason beside it. The form's
 * problems are not: the focus goes to the first field with one (Dialog.tsx), which brings that field into view.
 */
export function Outcome({ state, commands }: SectionProps) {
  const { phase, opening, link } = state;
  const reconnected = phase.name === 'failed' && link.name === 'done';
  // A send that failed because its login or session died: the way back stands here, beside Retry.
  const offer = phase.name === 'failed' && (reconnectTarget(state) !== null || endedOrganization(state) !== null);
  const group = useRef<HTMLDivElement>(null);
  const shown = phase.name === 'sending' || phase.name === 'failed' || phase.name === 'sent' ? phase.name : null;
  useEffect(() => {
    if (shown && group.current) reveal(group.current);
  }, [shown]);
  return (
    <div class="outcome" ref={group}>
      {fieldErrors(state).length > 0 ? <p class="error" role="alert" data-testid="form-errors">{t('dialog_errSummary')}</p> : null}
      <Uploading state={state} />
      {offer ? <SignInOffer state={state} commands={commands} failed /> : null}
      {phase.name === 'failed' && !reconnected && !offer ? <p class="error" role="alert" data-code={phase.failure.code}>{phase.failure.message}</p> : null}
      {reconnected ? (
        <p class="ok" role="status">{t(RECONNECTED[link.mode])}</p>
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
    </div>
  );
}
