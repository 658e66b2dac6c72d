/**
 * The options page: where the companion server lives. An administrator's policy (storage.managed)
 * wins over what is saved here; the page says so and locks the field. Saving checks first that a
 * SignBridge server answers at the address (the worker asks it, src/background/auth/server-probe.ts).
 */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import '../ui/base.css';
import '../ui/notices.css';
import './options.css';
import type { ServerSettings } from '../shared/auth.ts';
import { t } from '../shared/i18n.ts';
import { pageLanguage } from '../ui/page-language.ts';
import { call } from '../shared/rpc.ts';
import { DEFAULT_SERVER_URL } from '../shared/auth.ts';
import { checkServerUrl } from '../shared/server-url.ts';
import { hostPermissionFor } from '../shared/sites.ts';

const inUse = (settings: ServerSettings, url: string): string =>
  settings.source === 'managed'
    ? t('options_inUseManaged', url)
    : settings.source === 'options'
      ? t('options_inUseOptions', url)
      : t('options_inUseDefault', url);

type Message = { kind: 'error' | 'ok' | 'busy'; text: string };

function Options() {
  const [settings, setSettings] = useState<ServerSettings | null>(null);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<Message | null>(null);
  /** A save has answered: the first read, asked before it, must not put the old address back when it is slow. */
  const saved = useRef(false);

  useEffect(() => {
    void call('settingsGet', {}).then((answer) => {
      if (saved.current) return;
      if (!answer.ok) return setMessage({ kind: 'error', text: answer.error.message });
      setSettings(answer.value);
      // Under a policy the locked field shows the administrator's address, not the saved or built-in one.
      // Otherwise the saved value fills the field only if the user has not started typing: a slow answer
      // must not replace what they typed (and then save the old address on their click).
      if (answer.value.source === 'managed') setDraft(answer.value.serverUrl ?? '');
      else setDraft((typed) => (typed === '' ? (answer.value.optionsValue ?? '') : typed));
    });
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    const value = draft.trim() === '' ? null : draft.trim();
    if (value !== null) {
      const checked = checkServerUrl(value);
      if (!checked.ok) return setMessage({ kind: 'error', text: checked.message });
      // The server needs a host permission; ask while we still have the click (one already granted,
      // as loopback is in a Chromium development build, answers at once without a prompt). Never a
      // pattern with a port: Firefox refuses one, and lets the user withdraw even the manifest's hosts.
      const origin = new URL(checked.url).origin;
      if (!(await browser.permissions.request({ origins: [hostPermissionFor(checked.url) ?? `${origin}/*`] }))) {
        return setMessage({ kind: 'error', text: t('options_permissionNeeded', origin) });
      }
      setMessage({ kind: 'busy', text: t('options_checking', checked.url) });
    }
    const answer = await call('settingsSave', { serverUrl: value });
    if (!answer.ok) return setMessage({ kind: 'error', text: answer.error.message });
    saved.current = true;
    setSettings(answer.value);
    setMessage({ kind: 'ok', text: t('options_saved') });
  }

  const managed = settings?.source === 'managed';
  const busy = message?.kind === 'busy';
  return (
    <main class="options">
      <h1>{t('options_title')}</h1>
      <form onSubmit={(e) => void save(e)}>
        <label for="server-url">{t('options_serverLabel')}</label>
        <input
          id="server-url"
          type="url"
          placeholder={DEFAULT_SERVER_URL ?? 'https://signbridge.example.com'}
          value={draft}
          disabled={managed}
          aria-invalid={message?.kind === 'error' ? 'true' : undefined}
          aria-describedby={message ? 'server-message' : undefined}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        {settings?.serverUrl != null && (
          <p class="muted" data-testid="server-in-use">
            {inUse(settings, settings.serverUrl)}
          </p>
        )}
        {settings?.problem != null && (
          <p class="error" role="alert" data-testid="server-problem">
            {settings.problem}
          </p>
        )}
        <div>
          <button type="submit" disabled={managed || busy}>
            {t('options_save')}
          </button>
        </div>
        {message && (
          <p
            id="server-message"
            class={message.kind === 'error' ? 'notice notice-error' : message.kind === 'ok' ? 'notice notice-success' : 'muted'}
            role={message.kind === 'error' ? 'alert' : 'status'}
            data-testid="server-message"
          >
            {message.text}
          </p>
        )}
      </form>
    </main>
  );
}

document.title = t('options_title');
document.documentElement.lang = pageLanguage();
const root = document.getElementById('app');
if (root) render(<Options />, root);
