/** One linked DocuSign login in the popup: its accounts, and what can be done with it. */
import { useState } from 'preact/hooks';
import type { LoginView } from '../shared/auth.ts';

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
      <section class={`login${selected ? ' selected' : ''}`} aria-label={login.name}>
        <header>
          <strong>{login.name}</strong> <span class="muted">{login.email}</span>
          {selected && <span class="badge">In use</span>}
          {needsReconnect && <span class="badge badge-warn">Needs reconnect</span>}
        </header>
        {needsReconnect && (
          <p class="error" role="alert">
            {login.problem ?? 'DocuSign no longer accepts this login. Reconnect to keep sending from it.'}
          </p>
        )}
        {login.accounts.length === 0 ? (
          <p class="muted">No DocuSign account to send from.</p>
        ) : (
          <fieldset>
            <legend>Send from</legend>
            {login.accounts.map((account) => (
              <label key={account.accountId}>
                <input
                  type="radio"
                  name={`account-${login.key}`}
                  checked={login.accountId === account.accountId}
                  disabled={busy}
                  onChange={() => onSelect(account.accountId)}
                />
                {`${account.name} (${account.site})`}
                {account.isDefault && <span class="muted"> · default</span>}
              </label>
            ))}
          </fieldset>
        )}
        <div class="actions">
          {needsReconnect && (
            <button type="button" disabled={busy} onClick={onReconnect}>
              Reconnect
            </button>
          )}
          {!selected && !needsReconnect && (
            <button type="button" disabled={busy} onClick={() => onSelect(login.accountId)}>
              Use this login
            </button>
          )}
          <button type="button" class="secondary" disabled={busy || needsReconnect} onClick={onRefresh}>
            Refresh accounts
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(true)}>
            Disconnect
          </button>
        </div>
        {confirming && (
          <div class="confirm" role="group" aria-label={`Disconnect ${login.name}`}>
            <p>SignBridge will forget this login's tokens and accounts.</p>
            <label>
              <input type="checkbox" checked={signOut} onChange={(e) => setSignOut(e.currentTarget.checked)} />
              Also sign out of DocuSign in this browser
            </label>
            <div class="actions">
              <button type="button" disabled={busy} onClick={() => onDisconnect(signOut)}>
                Confirm disconnect
              </button>
              <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </section>
    </li>
  );
}
