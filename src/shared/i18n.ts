/**
 * The i18n layer: every user-visible string is a key of `public/_locales/<lang>/messages.json` (English is
 * the default locale, German the second complete one), read through the browser's `i18n.getMessage`.
 * Keys and their substitutions are typed from the English catalog. The extension pages and the worker
 * import `t` from here; the content script has its own one-line `t` (src/content/i18n.ts) on the same
 * types, because a module shared with other bundles would become a chunk web pages cannot load.
 */
import type catalog from '../../public/_locales/en/messages.json';

type Catalog = typeof catalog;
export type MessageKey = keyof Catalog;
/** A message with placeholders takes them in order ($1, $2…); one without takes none. */
export type Subs<K extends MessageKey> = Catalog[K] extends { placeholders: object } ? [string, ...string[]] : [];

interface I18nApi {
  getMessage(key: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

const api = (): I18nApi | undefined => {
  const g = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  return g.browser?.i18n ?? g.chrome?.i18n;
};

/** The message in the browser's language; the key itself where no i18n API exists (plain unit tests). */
export function t<K extends MessageKey>(key: K, ...subs: Subs<K>): string {
  return api()?.getMessage(key, subs) || key;
}

/** The browser's UI language, for `Intl` formatting next to translated text. */
export const uiLanguage = (): string => api()?.getUILanguage() ?? 'en';
