/** One linked DocuSign login in the popup: its accounts, and what can be done with it. */
import { useState } from 'preact/hooks';
import { environmentLabel, type LoginView } from '../shared/auth.ts';
import { t } from '../shared/i18n.ts';

export interface LoginCardProps {
  login: LoginView;
  selected: boolean;
  busy: boolean;
  onSelect: (accountId: string) => void;
  onRefresh: () => void;
  onReconnect: () => void;
  onDisconnect: (signOutOfDocuSign: boolean) => void;
}

export function LoginCard({ login, selected, busy, onSelect, onRefresh, onReconnect, onDisconnect }: LoginCardProps) {
  const [confirming, setConfirming] = useState(false);
  const [signOut, setSignOut] = useState(false);
  const needsReconnect = login.status === 'needs_reconnect';
  return (
    <li>
      <section class={`login${selected ? ' selected' : ''}${needsReconnect ? ' dead' : ''}`} aria-label={login.name} data-status={login.status}>
        <header>
          <strong>{login.name}</strong>
          {needsReconnect ? (
            <span class="badge badge-warn">{t('popup_needsReconnect')}</span>
          ) : (
            selected && <span class="badge">{t('popup_inUse')}</span>
          )}
          <span class="muted identity">
            {login.email} · {environmentLabel(login.accountServer)}
          </span>
        </header>
        {needsReconnect && (
          <p class="error" role="alert">
            {login.problem ?? t('popup_needsReconnectText')}
          </p>
        )}
        {login.accounts.length === 0 ? (
          <p class="muted">{t('popup_noAccounts')}</p>
        ) : (
          <fieldset>
            <legend>{t('popup_sendFrom')}</legend>
            {login.accounts.map((account) => (
              <label key={account.accountId}>
                <input
                  type="radio"
                  name={`account-${login.key}`}
                  checked={login.accountId === account.accountId}
                  disabled={busy}
                  onChange={() => onSelect(account.accountId)}
                />
                <span>
                  {account.label}
                  {account.isDefault && <span class="muted"> · {t('popup_defaultAccount')}</span>}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <div class="actions">
          {needsReconnect && (
            <button type="button" disabled={busy} onClick={onReconnect}>
              {t('popup_reconnect')}
            </button>
          )}
          {!selected && !needsReconnect && (
            <button type="button" disabled={busy} onClick={() => onSelect(login.accountId)}>
              {t('popup_useLogin')}
            </button>
          )}
          <button type="button" class="secondary" disabled={busy || needsReconnect} onClick={onRefresh}>
            {t('popup_refreshAccounts')}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(true)}>
            {t('popup_disconnect')}
          </button>
        </div>
        {confirming && (
          <div class="confirm" role="group" aria-label={t('popup_disconnectGroup', login.name)}>
            <p>{t('popup_disconnectWarning')}</p>
            <label>
              <input type="checkbox" checked={signOut} onChange={(e) => setSignOut(e.currentTarget.checked)} />
              {t('popup_alsoSignOut')}
            </label>
            <div class="actions">
              <button type="button" disabled={busy} onClick={() => onDisconnect(signOut)}>
                {t('popup_confirmDisconnect')}
              </button>
              <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                {t('popup_cancel')}
              </button>
            </div>
          </div>
        )}
      </section>
    </li>
  );
}
