/**
 * The content script's `t` (see src/shared/i18n.ts, whose types it uses): the same call on
 * `chrome.i18n` directly, kept here so the content script stays one self-contained file.
 */
import type { MessageKey, Subs } from '../shared/i18n.ts';

export const t = <K extends MessageKey>(key: K, ...subs: Subs<K>): string => chrome.i18n.getMessage(key, subs) || key;

/** "3 Dec" (with the year when it is not this year), in the browser's language. */
export function shortDate(at: number, now = Date.now()): string {
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) };
  return new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), options).format(at);
}
