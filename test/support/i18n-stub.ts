/**
 * `chrome.i18n` for unit tests, from the real catalogs in public/_locales: `getMessage` resolves a
 * message's named placeholders to their `$1…` content and then the substitutions, as the browser does.
 * Install it before importing code that calls `t()`; `t()` without it answers the key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const ROOT = join(import.meta.dirname, '../..');

export function installI18n(lang: 'en' | 'de' = 'en'): void {
  const catalog = JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8')) as Record<string, Entry>;
  const getMessage = (key: string, substitutions?: string | string[]): string => {
    const entry = catalog[key];
    if (!entry) return '';
    const subs = typeof substitutions === 'string' ? [substitutions] : (substitutions ?? []);
    const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_all, name: string) => entry.placeholders?.[name.toLowerCase()]?.content ?? '');
    return named.replace(/\$(\d)/g, (_all, n: string) => subs[Number(n) - 1] ?? '');
  };
  (globalThis as { chrome?: unknown }).chrome = { i18n: { getMessage, getUILanguage: () => lang } };
}
