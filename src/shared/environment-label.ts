/**
 * The DocuSign environment of a login in words, apart from auth.ts so that the send dialog loads only
 * this of it (its initial load has a budget: test/unit/bundle-size.test.ts).
 */
import { t } from './i18n.ts';

/** The DocuSign environment of a login, in words (its account server: production, developer, or the local simulator). */
export function environmentLabel(accountServer: string): string {
  const origin = URL.canParse(accountServer) ? new URL(accountServer).origin : '';
  if (origin === 'https://account.docusign.com') return t('popup_envProduction');
  if (origin === 'https://account-d.docusign.com') return t('popup_envDeveloper');
  return t('popup_envSimulator');
}
