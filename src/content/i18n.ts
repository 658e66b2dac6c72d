/**
 * The content script's `t` (see src/shared/i18n.ts, whose types it uses), on `chrome.i18n` directly,
 * kept here so the content script stays one self-contained file. Each message is read from the
 * browser once, with markers for its substitutions: a page with 10,000 buttons must not cross into the
 * browser 20,000 times.
 */
import type { MessageKey, Subs } from '../shared/i18n.ts';

const MARKERS = ['\uE000', '\uE001', '\uE002', '\uE003'];
/**
 * Each message read once, split at its markers: `['Send for signature: ', 0]` is the text, then the first
 * substitution. Joined by hand, not by a `replace` with a callback: every button's name is made this way.
 */
const templates = new Map<string, (string | number)[]>();

function template(key: string): (string | number)[] {
  let parts = templates.get(key);
  if (parts === undefined) {
    const text = chrome.i18n.getMessage(key, MARKERS) || key;
    parts = text.split(/([\uE000-\uE003])/).map((part, i) => (i % 2 === 1 ? part.charCodeAt(0) - 0xe000 : part));
    templates.set(key, parts);
  }
  return parts;
}

export const t = <K extends MessageKey>(key: K, ...subs: Subs<K>): string => {
  const parts = template(key);
  if (parts.length === 1) return parts[0] as string;
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
