/**
 * The content script's `t` (see src/shared/i18n.ts, whose types it uses), on `chrome.i18n` directly,
 * kept here so the content script stays one self-contained file. Each message is read from the
 * browser once, with markers for its substitutions: a page with 10,000 buttons must not cross into the
 * browser 20,000 times.
 */
import type { MessageKey, Subs } from '../shared/i18n.ts';

const MARKERS = ['\uE000', '\uE001', '\uE002', '\uE003'];
/** Each message split at its markers once: text at even places, a substitution's index at odd ones. */
const templates = new Map<string, (string | number)[]>();

export const t = <K extends MessageKey>(key: K, ...subs: Subs<K>): string => {
  let parts = templates.get(key);
  if (parts === undefined) {
    const message = chrome.i18n.getMessage(key, MARKERS) || key;
    parts = message.split(/([\uE000-\uE003])/).map((part, i) => (i % 2 ? part.charCodeAt(0) - 0xe000 : part));
    templates.set(key, parts);
  }
  if (parts.length === 1) return parts[0] as string;
  // Concatenated, not `replace`d: a substitution's own `$&` or `$1` is text, and a page with 10,000
  // buttons builds 10,000 names.
  let out = '';
  for (const part of parts) out += typeof part === 'number' ? ((subs as string[])[part] ?? '') : part;
  return out;
};

let dates: Intl.DateTimeFormat[] | undefined;

/** "3 Dec" (with the year when it is not this year), in the browser's language. */
export function shortDate(at: number, now = Date.now()): string {
  dates ??= [{}, { year: 'numeric' } as const].map(
    (extra) => new Intl.DateTimeFormat(chrome.i18n.getUILanguage(), { day: 'numeric', month: 'short', ...extra }),
  );
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  return (sameYear ? dates[0] : dates[1])?.format(at) ?? '';
}
