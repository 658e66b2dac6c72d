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
      setDraft(answer.value.optionsValue ?? '');
    });
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    const value = draft.trim() === '' ? null : draft.trim();
    // The server needs a host permission; ask while we still have the click. Granted already (the
    // manifest's loopback hosts in Chrome), this answers yes without asking; Firefox lets the user
    // withdraw even the manifest's hosts, so it is asked for every server.
    const permission = value === null ? null : hostPermissionFor(value);
    if (value !== null && permission !== null) {
      const origin = new URL(value).origin;
      if (!(await browser.permissions.request({ origins: [permission] }))) {
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
          placeholder="http://127.0.0.1:8787"
          value={draft}
          disabled={managed}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        {settings && (
          <p class="muted" data-testid="server-in-use">
            In use: {settings.serverUrl}. {SOURCE_TEXT[settings.source]}
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
