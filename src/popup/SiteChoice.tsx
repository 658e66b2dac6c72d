/**
 * The account remembered for the active tab's site (the send window's "remember for this site"), so the
 * popup never hides that this CRM sends from another account than "Sending as" says: "On crm.example:
 * sends from Bob Brown · …", and a way back to the default. Re-read whenever the popup's status changes.
 */
import { useEffect, useState } from 'preact/hooks';
import { sendFromOptions, type AuthStatus } from '../shared/auth.ts';
import { t } from '../shared/i18n.ts';
import { call } from '../shared/rpc.ts';
import { activeTabUrl } from './active-tab.ts';

export function SiteChoice({ status, busy }: { status: AuthStatus; busy: boolean }) {
  const [url, setUrl] = useState<string | null>(null);
  const [forSite, setForSite] = useState<AuthStatus | null>(null);

  useEffect(() => void activeTabUrl().then(setUrl), []);
  useEffect(() => {
    if (url === null) return;
    void call('authStatus', { site: url }).then((answer) => setForSite(answer.ok ? answer.value : null));
  }, [url, status]);

  const selected = forSite?.selectedForSite ? forSite.selected : null;
  if (url === null || forSite === null || selected === null) return null;
  const choice = sendFromOptions(forSite).find((o) => o.loginKey === selected.loginKey && o.accountId === selected.accountId);
  if (!choice) return null;
  const forget = async () => {
    const answer = await call('authForgetSiteChoice', { site: url });
    if (answer.ok) setForSite(answer.value);
  };
  return (
    <p class="site-choice" data-testid="site-choice">
      <span>{t('popup_siteChoice', new URL(url).host, choice.label)}</span>{' '}
      <button type="button" class="link" disabled={busy} onClick={() => void forget()}>
        {t('popup_siteChoiceReset')}
      </button>
    </p>
  );
}
