/**
 * The dialog's size with and without the "Place fields" renderer, read from dist/: gzip of what the
 * dialog page loads before the step opens (index.html's scripts, styles and their static imports),
 * and of what opening it adds (the step's chunk with pdf.js, its imports and styles, pdf.js's worker).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from '../e2e/browser.ts';

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g;

function staticGraph(entries: readonly string[], seen = new Set<string>()): Set<string> {
  for (const entry of entries) {
    if (seen.has(entry)) continue;
    seen.add(entry);
    if (!entry.endsWith('.js')) continue;
    const imports = [...readFileSync(entry, 'utf8').matchAll(STATIC_IMPORT)].map((m) => normalize(join(dirname(entry), m[1] ?? '')));
    staticGraph(imports, seen);
  }
  return seen;
}

export function fieldsSizes(): { before: number; after: number; files: number } {
  const html = join(DIST, 'src/dialog/index.html');
  const first = [...readFileSync(html, 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => join(DIST, m[1] ?? ''));
  const before = staticGraph([html, ...first]);
  const assets = readdirSync(join(DIST, 'assets'));
  const step = assets.filter((f) => /^FieldsStep-.*\.(js|css)$/.test(f) || /^pdf\.worker.*\.mjs$/.test(f)).map((f) => join(DIST, 'assets', f));
  const after = staticGraph(step, new Set(before));
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(f), 0);
  return { before: sum(before), after: sum(after), files: after.size - before.size };
}
