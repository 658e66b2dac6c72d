/**
 * The i18n catalogs (public/_locales): every key exists in every locale with the same placeholders,
 * each message uses exactly the placeholders it declares, and every key the code asks for exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LOCALES = join(ROOT, 'public/_locales');

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
const catalog = (lang: string) => JSON.parse(readFileSync(join(LOCALES, lang, 'messages.json'), 'utf8')) as Record<string, Entry>;
const languages = readdirSync(LOCALES);
const en = catalog('en');

/** `$NAME$` references in a message, lower-cased as chrome.i18n matches them. */
const used = (message: string) => [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => (m[1] ?? '').toLowerCase()).sort();
const declared = (entry: Entry) =>
  Object.entries(entry.placeholders ?? {})
    .map(([name, p]) => `${name.toLowerCase()}=${p.content}`)
    .sort();

describe('locales', () => {
  it('has English (the default locale) and German', () => {
    expect(languages.sort()).toEqual(['de', 'en']);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { default_locale?: string };
    expect(manifest.default_locale).toBe('en');
  });

  for (const lang of languages) {
    it(`${lang}: the same keys as English, each with the same placeholders, each used by its message`, () => {
      const other = catalog(lang);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, entry] of Object.entries(other)) {
        expect(entry.message.trim(), `${lang} ${key}`).not.toBe('');
        expect(declared(entry), `${lang} ${key}`).toEqual(declared(en[key] as Entry));
        expect([...new Set(used(entry.message))], `${lang} ${key}`).toEqual(Object.keys(entry.placeholders ?? {}).map((n) => n.toLowerCase()).sort());
      }
    });
  }

  it('every key the code asks for exists (t("…") in src, __MSG_…__ in the manifest)', () => {
    const files = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
      .map((e) => relative(ROOT, join(e.parentPath, e.name)));
    const keys = files.flatMap((f) => [...readFileSync(join(ROOT, f), 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1] ?? ''));
    const manifestKeys = [...readFileSync(join(ROOT, 'manifest.json'), 'utf8').matchAll(/__MSG_([A-Za-z0-9_]+)__/g)].map((m) => m[1] ?? '');
    expect(keys.length).toBeGreaterThan(10);
    expect([...keys, ...manifestKeys].filter((k) => !(k in en))).toEqual([]);
  });
});
