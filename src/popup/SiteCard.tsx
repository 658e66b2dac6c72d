/**
 * "Enable SignBridge on this site" for the active tab's site. The popup asks the browser for that one
 * site's host permission while it still has the user's click (`permissions.request` needs one), then
 * tells the worker, which registers the content script there. `activeTab` lets the popup read the
 * tab's address when SignBridge has no access to the site yet.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { call } from '../shared/rpc.ts';
import { t } from '../shared/i18n.ts';
import { sitePattern, type SiteStatus } from '../shared/sites.ts';
import { activeTabUrl } from './active-tab.ts';

function siteState({ source, active, site }: SiteStatus): string {
  if (source === 'built-in') return t('popup_siteBuiltIn', site);
  if (source === 'managed') return active ? t('popup_siteManagedActive', site) : t('popup_siteManagedInactive', site);
  if (source === 'user') return active ? t('popup_siteUserActive', site) : t('popup_siteUserInactive', site);
  return t('popup_siteOff', site);
}

export function SiteCard() {
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<SiteStatus | null>(null);
  const [note, setNote] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void activeTabUrl().then(async (found) => {
      setUrl(found);
      if (found === null) return;
      const answer = await call('siteStatus', { url: found });
      if (answer.ok) setStatus(answer.value);
    });
  }, []);

  if (url === null || status === null) return null;

  const enable = async () => {
    setBusy(true);
    setNote(null);
    try {
      // Asked here, not in the worker: the request must come with the click.
      const allowed = await browser.permissions.request({ origins: [sitePattern(status.site)] });
      if (!allowed) return setNote({ kind: 'error', text: t('popup_siteNotAllowed', status.site) });
      const answer = await call('siteEnable', { url });
      if (!answer.ok) return setNote({ kind: 'error', text: answer.error.message });
      setStatus(answer.value);
      setNote({ kind: 'success', text: t('popup_siteEnabled') });
    } finally {
      setBusy(false);
    }
  };

  const disable = async () => {
    setBusy(true);
    setNote(null);
    try {
      const answer = await call('siteDisable', { url });
      if (!answer.ok) return setNote({ kind: 'error', text: answer.error.message });
      setStatus(answer.value);
      setNote({ kind: 'success', text: t('popup_siteDisabled') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="site" aria-label={t('popup_siteLabel')} data-testid="site-card" data-source={status.source} data-active={String(status.active)}>
      <p data-testid="site-state">
        {siteState(status)}
      </p>
      {note && (
        <p class={`notice notice-${note.kind}`} role={note.kind === 'error' ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {!status.active && status.source !== 'built-in' && (
        <button type="button" disabled={busy} onClick={() => void enable()}>
          {t('popup_siteEnable')}
        </button>
      )}
      {status.source === 'user' && (
        <button type="button" class="secondary" disabled={busy} onClick={() => void disable()}>
          {t('popup_siteDisable')}
        </button>
      )}
    </section>
  );
}
