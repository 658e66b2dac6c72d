import { t } from '../../shared/i18n.ts';
import { nothingToSendFrom } from '../state.ts';
import type { SectionProps } from '../views/props.ts';
import { link as startLink, reconnectTarget } from './link.ts';

/**
 * The way back to a working login, in the dialog: Connect DocuSign when nothing is linked, Reconnect
 * when DocuSign no longer takes the login's tokens; then the sign-in tab's progress and outcome. It renders
 * once later/ has loaded (a moment after the form: load-later.ts), with the code its buttons run (link.ts).
 */
export function Connection({ state, commands }: SectionProps) {
  const { link } = state;
  const dead = reconnectTarget(state);
  const none = nothingToSendFrom(state);
  const waiting = link.name === 'started' || state.auth?.pending === true;
  return (
    <>
      {none ? (
        <div class="connection notice" data-testid="connection">
          <p>{t('dialog_notLinked')}</p>
          <button type="button" disabled={waiting} onClick={() => startLink(commands.context, 'connect')}>{t('dialog_connect')}</button>
        </div>
      ) : null}
      {dead ? (
        <div class="connection notice" data-testid="connection">
          <p>{t('dialog_needsReconnect', dead.name)}</p>
          <button type="button" disabled={waiting} onClick={() => startLink(commands.context, 'reconnect', dead.key)}>{t('dialog_reconnect')}</button>
        </div>
      ) : null}
      {waiting && (none || dead) ? <p class="muted" role="status">{t('dialog_signInWaiting')}</p> : null}
      {link.name === 'failed' ? <p class="error" role="alert">{link.message}</p> : null}
    </>
  );
}
