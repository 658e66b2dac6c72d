/**
 * The action popup: link DocuSign logins, pick the login and account sends go from, disconnect.
 * It only talks to the service worker through messages and never sees a token. In a real browser the
 * popup closes when the sign-in tab opens; the outcome waits for it as the status's notice.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AuthStatus } from '../shared/auth.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { err, type Result } from '../shared/result.ts';
import { call } from '../shared/rpc.ts';
import { LoginCard } from './LoginCard.tsx';
import { SiteCard } from './SiteCard.tsx';

/**
 * How often an open popup asks the worker for news: often while a sign-in tab is open, slowly
 * otherwise (a redirect or a refresh elsewhere can change what it shows). Polling, not
 * `storage.onChanged`: that event would hand this page the changed values, tokens included.
 */
const NOT_ALLOWED = 'SignBridge was not allowed to reach its server and DocuSign, so it cannot link a login. Nothing was linked.';
const PENDING_POLL_MS = 500;
const IDLE_POLL_MS = 1_500;

export function Popup() {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const answer = await call('authStatus', {});
    if (answer.ok) setStatus(answer.value);
    else setFailure(answer.error.message);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const pending = status?.pending === true;
  useEffect(() => {
    const timer = setInterval(() => void load(), pending ? PENDING_POLL_MS : IDLE_POLL_MS);
    return () => clearInterval(timer);
  }, [pending, load]);

  /** Run an action; show its error, or the status it answers with, or re-read the status. */
  const run = useCallback(
    async (action: () => Promise<Result<unknown>>) => {
      setBusy(true);
      setFailure(null);
      try {
        const answer = await action();
        if (!answer.ok) setFailure(answer.error.message);
        if (answer.ok && isStatus(answer.value)) setStatus(answer.value);
        else await load();
      } finally {
        setBusy(false);
      }
    },
    [load],
  );

  const selectedNeedsReconnect =
    status?.logins.find((l) => l.key === status.selected?.loginKey)?.status === 'needs_reconnect';

  const connect = (mode: 'connect' | 'add' | 'reconnect', loginKey?: string) => {
    // The hosts a sign-in needs (the companion server, DocuSign's account servers), asked for with this
    // click and before any await (Firefox accepts a request only then). Firefox MV3 treats even the
    // manifest's host permissions as the user's to withdraw; where they are granted this asks nothing.
    const asked = browser.permissions.request({ origins: browser.runtime.getManifest().host_permissions ?? [] });
    return run(async () => {
      if (!(await asked)) return err(ErrorCodes.PERMISSION_NEEDED, NOT_ALLOWED);
      return call('authConnect', loginKey === undefined ? { mode } : { mode, loginKey });
    });
  };

  return (
    <main aria-busy={busy}>
      <h1>
        <img src="/icons/48.png" alt="" /> SignBridge
      </h1>
      {status?.notice && (
        <div class={`notice notice-${status.notice.kind}`} role={status.notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{status.notice.message}</span>
          <button type="button" class="link" onClick={() => void run(() => call('authDismissNotice', {}))}>
            Dismiss
          </button>
        </div>
      )}
      {failure !== null && (
        <p class="notice notice-error" role="alert">
          {failure}
        </p>
      )}
      {status?.pending && (
        <p class="muted" role="status">
          Finish signing in to DocuSign in the tab that opened. This menu updates when you are done.
        </p>
      )}
      {status === null && <p class="muted">Loading…</p>}
      {status !== null && status.logins.length === 0 && (
        <>
          <p class="muted">Link your DocuSign login to send the documents on your CRM and DMS pages for signature.</p>
          <button type="button" disabled={busy} onClick={() => void connect('connect')}>
            Connect DocuSign
          </button>
        </>
      )}
      {status !== null && status.logins.length > 0 && (
        <>
          {status.sendingAs !== null && (
            <p class="sending-as" data-testid="sending-as">
              {status.sendingAs}
              {selectedNeedsReconnect && <span class="error"> · reconnect needed before sending</span>}
            </p>
          )}
          <ul class="logins" aria-label="DocuSign logins">
            {status.logins.map((login) => (
              <LoginCard
                key={login.key}
                login={login}
                selected={status.selected?.loginKey === login.key}
                busy={busy}
                onSelect={(accountId) => void run(() => call('authSelect', { loginKey: login.key, accountId }))}
                onRefresh={() => void run(() => call('authRefreshAccounts', { loginKey: login.key }))}
                onReconnect={() => void connect('reconnect', login.key)}
                onDisconnect={(signOutOfDocuSign) =>
                  void run(() => call('authDisconnect', { loginKey: login.key, signOutOfDocuSign }))
                }
              />
            ))}
          </ul>
          <button type="button" class="secondary" disabled={busy} onClick={() => void connect('add')}>
            Add another DocuSign login
          </button>
        </>
      )}
      <SiteCard />
      <footer>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Options
        </button>
      </footer>
    </main>
  );
}

function isStatus(value: unknown): value is AuthStatus {
  return typeof value === 'object' && value !== null && 'logins' in value && 'pending' in value;
}
