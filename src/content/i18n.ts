/**
 * The content script's `t` (see src/shared/i18n.ts, whose types it uses), on `chrome.i18n` directly,
 * kept here so the content script stays one self-contained file. Each message is read from the
 * browser once, with markers for its substitutions: a page with 10,000 buttons must not cross into the
 * browser 20,000 times.
 */
import type { MessageKey, Subs } from '../shared/i18n.ts';

const MARKERS = ['\uE000', '\uE001', '\uE002', '\uE003'];
const templates = new Map<string, string>();

export const t = <K extends MessageKey>(key: K, ...subs: Subs<K>): string => {
  let template = templates.get(key);
  if (template === undefined) {
    template = chrome.i18n.getMessage(key, MARKERS) || key;
    templates.set(key, template);
  }
  if (subs.length === 0) return template;
  // A function replacement: a substitution's own `$&` or `$1` is text, not a pattern.
  return template.replace(/[\uE000-\uE003]/g, (marker) => subs[marker.charCodeAt(0) - 0xe000] ?? '');
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
