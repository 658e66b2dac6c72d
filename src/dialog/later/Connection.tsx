import { useEffect, useState } from 'preact/hooks';
import type { OrganizationView } from '../../shared/auth.ts';
import { t } from '../../shared/i18n.ts';
import { call } from '../../shared/rpc.ts';
import { nothingToSendFrom, type DialogState } from '../state.ts';
import type { SectionProps } from '../views/props.ts';
import { endedOrganization, link as startLink, reconnectTarget, signInAgain } from './link.ts';

/** A sign-in tab is open and SignBridge waits for its outcome (DocuSign's or the company's). */
const waiting = (state: DialogState) =>
  state.link.name === 'started' || state.auth?.pending === true || (state.auth?.member.pendingProvider ?? null) !== null;

/** The issuer of the organization's identity provider (for its host permission), once the server has named it. */
function useIssuer(org: OrganizationView | null): string | null {
  const [issuer, setIssuer] = useState<string | null>(null);
  const id = org?.identityProviderId;
  useEffect(() => {
    if (id === undefined) return;
    void call('memberProviders', {}).then((r) => {
      if (r.ok) setIssuer(r.value.providers.find((p) => p.id === id)?.issuer ?? null);
    });
  }, [id]);
  return issuer;
}

/**
 * The way back when what the dialog sends from has died: Reconnect for a DocuSign login DocuSign no
 * longer accepts, "Sign in again" for an organization whose session ended; then the sign-in tab's
 * progress and outcome. `failed`: it stands for the failure of the last send (in the outcome, above the
 * actions, with the failure's alert), else it stands by "Send from". Null when nothing needs it.
 */
export function SignInOffer({ state, commands, failed }: SectionProps & { failed: boolean }) {
  const dead = reconnectTarget(state);
  const ended = dead ? null : endedOrganization(state);
  const issuer = useIssuer(ended);
  if (!dead && !ended) return null;
  const busy = waiting(state);
  const code = state.phase.name === 'failed' ? state.phase.failure.code : undefined;
  return (
    <>
      <div class="connection notice" data-testid="connection">
        <p role={failed ? 'alert' : undefined} data-code={failed ? code : undefined}>
          {dead ? t('dialog_needsReconnect', dead.name) : t('member_expired', ended?.tenant.name ?? '')}
        </p>
        {dead ? (
          <button type="button" disabled={busy} onClick={() => startLink(commands.context, 'reconnect', dead.key)}>{t('dialog_reconnect')}</button>
        ) : (
          <button type="button" disabled={busy} onClick={() => ended && signInAgain(commands.context, ended, issuer)}>{t('member_signInAgain')}</button>
        )}
      </div>
      <LinkProgress state={state} />
    </>
  );
}

function LinkProgress({ state }: { state: DialogState }) {
  const { link } = state;
  return (
    <>
      {waiting(state) ? <p class="muted" role="status">{t('dialog_signInWaiting')}</p> : null}
      {link.name === 'failed' ? <p class="error" role="alert">{link.message}</p> : null}
    </>
  );
}

/**
 * The way back to a working login, by "Send from": Connect DocuSign when nothing is linked, and Reconnect
 * or "Sign in again" (SignInOffer) until a send fails, when the outcome shows them instead. It renders once
 * later/ has loaded (a moment after the form: load-later.ts), with the code its buttons run (link.ts).
 */
export function Connection({ state, commands }: SectionProps) {
  if (nothingToSendFrom(state)) {
    return (
      <>
        <div class="connection notice" data-testid="connection">
          <p>{t('dialog_notLinked')}</p>
          <button type="button" disabled={waiting(state)} onClick={() => startLink(commands.context, 'connect')}>{t('dialog_connect')}</button>
        </div>
        <LinkProgress state={state} />
      </>
    );
  }
  return state.phase.name === 'failed' ? null : <SignInOffer state={state} commands={commands} failed={false} />;
}
