/**
 * `chrome.i18n` for unit tests, answering from a real catalog (public/_locales/<lang>) the way the
 * browser does: `$NAME$` placeholders resolve to their `$1`… content, then to the substitutions.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export function installI18n(lang = 'en'): () => void {
  const file = join(resolve(import.meta.dirname, '../..'), 'public/_locales', lang, 'messages.json');
  const catalog = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
  const getMessage = (key: string, subs?: string | string[]): string => {
    const entry = catalog[key];
    if (!entry) return '';
    const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
    const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_m, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '');
    return named.replace(/\$(\d)/g, (_m, n: string) => list[Number(n) - 1] ?? '');
  };
  const g = globalThis as { chrome?: unknown };
  const before = g.chrome;
  g.chrome = { i18n: { getMessage, getUILanguage: () => lang } };
  return () => {
    g.chrome = before;
  };
}
