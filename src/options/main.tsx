/**
 * The options page: where the companion server lives. An administrator's policy (storage.managed)
 * wins over what is saved here; the page says so and locks the field.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import '../ui/base.css';
import type { ServerSettings } from '../shared/auth.ts';
import { call } from '../shared/rpc.ts';
import { DEFAULT_SERVER_URL } from '../shared/auth.ts';
import { checkServerUrl } from '../shared/server-url.ts';
import { hostPermissionFor } from '../shared/sites.ts';

const SOURCE_TEXT: Record<ServerSettings['source'], string> = {
  managed: 'Set by your administrator.',
  options: 'Saved on this page.',
  default: 'The built-in default (a server on this computer).',
};

function Options() {
  const [settings, setSettings] = useState<ServerSettings | null>(null);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  useEffect(() => {
    void call('settingsGet', {}).then((answer) => {
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
        return setMessage({ kind: 'error', text: `SignBridge needs your permission to talk to ${origin}. Nothing was saved.` });
      }
    }
    const answer = await call('settingsSave', { serverUrl: value });
    if (!answer.ok) return setMessage({ kind: 'error', text: answer.error.message });
    setSettings(answer.value);
    setMessage({ kind: 'ok', text: 'Saved.' });
  }

  const managed = settings?.source === 'managed';
  return (
    <main style={{ maxWidth: '640px', margin: '24px auto', padding: '0 16px' }}>
      <h1>SignBridge options</h1>
      <form onSubmit={(e) => void save(e)} style={{ display: 'grid', gap: '8px' }}>
        <label for="server-url">Companion server address</label>
        <input
          id="server-url"
          type="url"
          placeholder={DEFAULT_SERVER_URL ?? 'https://signbridge.example.com'}
          value={draft}
          disabled={managed}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        {settings?.serverUrl != null && (
          <p class="muted" data-testid="server-in-use">
            In use: {settings.serverUrl}. {SOURCE_TEXT[settings.source]}
          </p>
        )}
        {settings?.problem != null && (
          <p class="error" role="alert" data-testid="server-problem">
            {settings.problem}
          </p>
        )}
        <div>
          <button type="submit" disabled={managed}>
            Save
          </button>
        </div>
        {message && (
          <p class={message.kind === 'error' ? 'error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </form>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
