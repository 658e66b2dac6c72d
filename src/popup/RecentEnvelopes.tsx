/**
 * The popup's recent envelopes (issue 16): what SignBridge's server knows about the caller's latest
 * envelopes across sites (learnt from DocuSign Connect; nothing asks DocuSign), each with its state.
 * Clicking one opens the page it was sent from in a new tab (http(s) pages only).
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../shared/i18n.ts';
import { call } from '../shared/rpc.ts';
import type { RecentEnvelope } from '../shared/status-messages.ts';
import { stateText } from '../shared/status-text.ts';

const isPage = (url: string) => /^https?:\/\//i.test(url);

export function RecentEnvelopes() {
  const [envelopes, setEnvelopes] = useState<RecentEnvelope[] | null>(null);
  useEffect(() => {
    void call('statusRecent', {}).then((answer) => setEnvelopes(answer.ok ? answer.value.envelopes : null));
  }, []);
  // Not linked (or the server unreachable): the cards above already say so.
  if (envelopes === null) return null;
  return (
    <section class="recent" aria-labelledby="recent-heading">
      <h2 id="recent-heading">{t('status_popupHeading')}</h2>
      {envelopes.length === 0 ? <p class="muted">{t('status_popupEmpty')}</p> : null}
      <ul>
        {envelopes.map((e) => {
          const state = stateText(e.status);
          const page = e.page && isPage(e.page.url) ? e.page.url : undefined;
          return (
            <li key={e.envelopeId} data-testid="recent-envelope" data-state={e.status.state}>
              {page ? (
                <button type="button" class="link" aria-label={t('status_popupOpen', e.document, state)} onClick={() => void browser.tabs.create({ url: page })}>
                  {e.document}
                </button>
              ) : (
                <strong>{e.document}</strong>
              )}
              <span class="muted"> · {state}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
