/**
 * The action popup: link DocuSign logins, pick the login and account sends go from, disconnect.
 * It only talks to the service worker through messages and never sees a token. In a real browser the
 * popup closes when the sign-in tab opens; the outcome waits for it as the status's notice.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { AuthStatus, ServerSettings } from '../shared/auth.ts';
import type { IdentityProviderView } from '../shared/messages.ts';
import type { Result } from '../shared/result.ts';
import { call } from '../shared/rpc.ts';
import { LoginCard } from './LoginCard.tsx';
import { OrganizationCard } from './OrganizationCard.tsx';
import { askSignInPermission } from '../shared/sign-in-permission.ts';
import { SiteCard } from './SiteCard.tsx';
import { RecentEnvelopes } from './RecentEnvelopes.tsx';
import { TestConnection } from './TestConnection.tsx';
import { hostPermissionFor } from '../shared/sites.ts';
import { t } from '../shared/i18n.ts';
import { SiteChoice } from './SiteChoice.tsx';

/**
 * How often an open popup asks the worker for news: often while a sign-in tab is open, slowly
 * otherwise (a redirect or a refresh elsewhere can change what it shows). Polling, not
 * `storage.onChanged`: that event would hand this page the changed values, tokens included.
 */
const PENDING_POLL_MS = 500;
const IDLE_POLL_MS = 1_500;

export function Popup() {
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<IdentityProviderView[]>([]);
  // Read once per opening, so a click can ask for the server's permission without waiting (see connect).
  const [server, setServer] = useState<ServerSettings | null>(null);

  const load = useCallback(async () => {
    const answer = await call('authStatus', {});
    if (answer.ok) setStatus(answer.value);
    else setFailure(answer.error.message);
  }, []);

  useEffect(() => {
    void load();
    // Once per opening: the companies whose members may sign in here (none when the server is unreachable).
    void call('memberProviders', {}).then((answer) => answer.ok && setProviders(answer.value.providers));
    void call('settingsGet', {}).then((answer) => answer.ok && setServer(answer.value));
  }, [load]);

  const pending = status?.pending === true || (status?.member.pendingProvider ?? null) !== null;
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
  // Signed in with the company and no DocuSign login of their own: the organization is how they send, so
  // linking a login is offered below it as an extra, not above it as the first step.
  const memberOnly = status !== null && status.logins.length === 0 && status.member.organization !== null;
  // Sending as the organization, whose session has ended: "Sending as" says what sending waits for.
  const ended = status?.member.organization;
  const selectedOrgEnded = ended?.state === 'expired' && ended.key === status?.selected?.loginKey ? ended : null;

  /**
   * Every permission request is the first thing its click does, before any await: Firefox honours
   * `permissions.request` only while the click's handler runs (Chrome only on a click, too). The server
   * to ask for comes from the settings read when the popup opened.
   */
  const connect = (mode: 'connect' | 'add' | 'reconnect', loginKey?: string) => {
    const asked = askSignInPermission(server);
    return run(async () => {
      const allowed = await asked;
      if (!allowed.ok) return allowed;
      return call('authConnect', loginKey === undefined ? { mode } : { mode, loginKey });
    });
  };

  /** The worker calls the identity provider itself, so it needs a host permission for it (none asked: no prompt). */
  const signInMember = (provider: Pick<IdentityProviderView, 'id' | 'issuer'>) => {
    const pattern = hostPermissionFor(provider.issuer);
    const asked = pattern === null ? Promise.resolve(true) : browser.permissions.request({ origins: [pattern] }).catch(() => false);
    return run(async () => {
      if (!(await asked)) {
        const origin = URL.canParse(provider.issuer) ? new URL(provider.issuer).origin : '';
        return { ok: false as const, error: { code: 'permission_needed' as const, message: t('member_permissionRefused', origin) } };
      }
      return call('memberSignIn', { identityProviderId: provider.id });
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
            {t('popup_dismiss')}
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
          {t('popup_pendingSignIn')}
        </p>
      )}
      {status === null && <p class="muted">{t('popup_loading')}</p>}
      {status !== null && status.logins.length === 0 && !memberOnly && (
        <>
          <p class="muted">{t('popup_intro')}</p>
          <button type="button" disabled={busy} onClick={() => void connect('connect')}>
            {t('popup_connect')}
          </button>
        </>
      )}
      {status !== null && status.sendingAs !== null && (
        <div class="sending-as">
          <p data-testid="sending-as">{status.sendingAs}</p>
          {selectedNeedsReconnect && <p class="error">{t('popup_reconnectBeforeSending')}</p>}
          {selectedOrgEnded && <p class="error">{t('popup_signInBeforeSending', selectedOrgEnded.tenant.name)}</p>}
          <SiteChoice status={status} busy={busy} />
        </div>
      )}
      {status !== null && status.logins.length > 0 && (
        <>
          <ul class="logins" aria-label={t('popup_loginsLabel')}>
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
            {t('popup_addLogin')}
          </button>
          {status.selected !== null && <TestConnection />}
        </>
      )}
      {status !== null && (
        <OrganizationCard
          member={status.member}
          providers={providers}
          busy={busy}
          onSignIn={(provider) => void signInMember(provider)}
          onSignOut={() => void run(() => call('memberSignOut', {}))}
          onDismiss={() => void run(() => call('memberDismissNotice', {}))}
        />
      )}
      {memberOnly && (
        <section class="own-login" aria-label={t('popup_ownLoginHeading')}>
          <p class="muted">{t('popup_ownLoginToo')}</p>
          <button type="button" class="secondary" disabled={busy} onClick={() => void connect('connect')}>
            {t('popup_connect')}
          </button>
        </section>
      )}
      <SiteCard />
      <RecentEnvelopes />
      <footer>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popup_options')}
        </button>
      </footer>
    </main>
  );
}

function isStatus(value: unknown): value is AuthStatus {
  return typeof value === 'object' && value !== null && 'logins' in value && 'pending' in value;
}
