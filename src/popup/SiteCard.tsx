/**
 * "Enable SignBridge on this site" for the active tab's site. The popup asks the browser for that one
 * site's host permission while it still has the user's click (`permissions.request` needs one), then
 * tells the worker, which registers the content script there. `activeTab` lets the popup read the
 * tab's address when SignBridge has no access to the site yet.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { call } from '../shared/rpc.ts';
import { siteOf, sitePattern, type SiteStatus } from '../shared/sites.ts';

async function activeTabUrl(): Promise<string | null> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.url !== undefined && siteOf(tab.url) !== null ? tab.url : null;
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
      if (!allowed) return setNote({ kind: 'error', text: `SignBridge was not allowed on ${status.site}; nothing changed.` });
      const answer = await call('siteEnable', { url });
      if (!answer.ok) return setNote({ kind: 'error', text: answer.error.message });
      setStatus(answer.value);
      setNote({ kind: 'success', text: 'Enabled. Reload the page to see the Send for signature buttons.' });
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
      setNote({ kind: 'success', text: 'Disabled. SignBridge no longer runs on this site once you reload the page.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="site" aria-label="This site" data-testid="site-card" data-source={status.source} data-active={String(status.active)}>
      <p data-testid="site-state">
        {status.source === 'built-in' && <>SignBridge runs on {status.site} (demo pages).</>}
        {status.source === 'managed' &&
          (status.active ? <>Your administrator enabled SignBridge on {status.site}.</> : <>Your administrator enabled SignBridge on {status.site}; allow it to run there.</>)}
        {status.source === 'user' && (status.active ? <>SignBridge runs on {status.site}.</> : <>SignBridge is enabled on {status.site} but not allowed there.</>)}
        {status.source === 'off' && <>SignBridge does not run on {status.site}.</>}
      </p>
      {note && (
        <p class={`notice notice-${note.kind}`} role={note.kind === 'error' ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {!status.active && status.source !== 'built-in' && (
        <button type="button" disabled={busy} onClick={() => void enable()}>
          Enable SignBridge on this site
        </button>
      )}
      {status.source === 'user' && (
        <button type="button" class="secondary" disabled={busy} onClick={() => void disable()}>
          Disable SignBridge on this site
        </button>
      )}
    </section>
  );
}
