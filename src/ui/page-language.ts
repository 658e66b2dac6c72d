/**
 * The language of the catalog the page's text comes from, as an HTML `lang`: screen readers pronounce by
 * it and `hyphens: auto` breaks long German words by it. Neither `getUILanguage()` nor `@@ui_locale` is
 * it: headless Chromium answers `en-US` to both while it serves the German catalog, so each catalog
 * names its own language.
 */
import { t } from '../shared/i18n.ts';

export const pageLanguage = (): string => {
  const code = t('popup_languageCode');
  return code === 'popup_languageCode' ? 'en' : code;
};
