/** What `npm run build` wrote to dist/: checked without a browser, before the browser tests use it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from './harness.ts';

interface Manifest {
  manifest_version: number;
  background: { service_worker: string; type?: string };
  action: { default_popup: string };
  options_ui?: { page: string };
  content_scripts: { js: string[]; matches: string[] }[];
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  web_accessible_resources?: { resources: string[] }[];
}

/** Where the extension plugin writes the opener (src/content/opener.ts) that the worker injects at a first click. */
const OPENER = 'src/content/opener.js';
const IMPORTS = /\bimport\s*[({"'*]|\bfrom\s*["']/;

describe('dist/manifest.json', () => {
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as Manifest;

  it('is MV3 with a module service worker, a popup, an options page and a content script', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.type).toBe('module');
    for (const file of [
      manifest.background.service_worker,
      manifest.action.default_popup,
      manifest.options_ui?.page ?? 'missing-options-page',
      ...manifest.content_scripts.flatMap((c) => c.js),
    ]) {
      expect(existsSync(join(DIST, file)), file).toBe(true);
    }
    expect(manifest.content_scripts.length).toBeGreaterThan(0);
  });

  it('asks for no <all_urls> and no wildcard host', () => {
    const hosts = [
      ...(manifest.host_permissions ?? []),
      ...manifest.content_scripts.flatMap((c) => c.matches),
      ...(manifest.permissions ?? []),
    ];
    expect(hosts).not.toContain('<all_urls>');
    expect(hosts.filter((h) => /^(\*|https?):\/\/\*\//.test(h))).toEqual([]);
  });

  it('ships the content script as one self-contained file (a split chunk could not load on user-enabled sites)', () => {
    for (const file of manifest.content_scripts.flatMap((c) => c.js)) {
      const code = readFileSync(join(DIST, file), 'utf8');
      expect(code, file).not.toMatch(IMPORTS);
    }
  });

  it('ships the opener as one self-contained file, named in the worker, that no page can load', () => {
    expect(readFileSync(join(DIST, OPENER), 'utf8')).not.toMatch(IMPORTS);
    const naming = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') && readFileSync(join(DIST, 'assets', f), 'utf8').includes(`"${OPENER}"`));
    expect(naming.length, 'a chunk of the worker names the opener').toBeGreaterThan(0);
    expect((manifest.web_accessible_resources ?? []).flatMap((entry) => entry.resources)).not.toContain(OPENER);
    // Its module-chunk twin, which nothing would load, is not shipped.
    expect(readdirSync(join(DIST, 'assets')).filter((f) => f.startsWith('opener'))).toEqual([]);
  });
});

/**
 * Issue 13: the PDF renderer is in no file loaded before "Place fields" opens: not in the content
 * script, not in the dialog's index.html scripts nor in anything they import statically. Only a
 * dynamic `import()` reaches it (src/dialog/fields/open.ts).
 */
describe('pdf.js stays out of what loads before Place fields', () => {
  // Strings only pdf.js carries (its worker set-up and its fake-worker fallback).
  const PDFJS = /GlobalWorkerOptions|Setting up fake worker/;
  const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+)["'`]/g;
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8')) as Manifest;

  /** `entries` and every file they import statically, transitively (dist-relative paths). */
  function staticGraph(entries: string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...entries];
    while (stack.length > 0) {
      const file = stack.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const code = readFileSync(join(DIST, file), 'utf8');
      for (const [, spec = ''] of code.matchAll(STATIC_IMPORT)) stack.push(join(file, '..', spec));
    }
    return seen;
  }
  const dialogHtml = readFileSync(join(DIST, 'src/dialog/index.html'), 'utf8');
  const dialogScripts = [...dialogHtml.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const before = staticGraph([...dialogScripts, ...manifest.content_scripts.flatMap((c) => c.js)]);

  it('is built, as a chunk of its own with its worker an extension file', () => {
    const chunks = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') && PDFJS.test(readFileSync(join(DIST, 'assets', f), 'utf8')));
    expect(chunks.length).toBeGreaterThan(0);
    expect(readdirSync(join(DIST, 'assets')).some((f) => /^pdf\.worker.*\.mjs$/.test(f))).toBe(true);
    for (const chunk of chunks) expect(before.has(`assets/${chunk}`), chunk).toBe(false);
  });

  it('is in none of the files the dialog page and the content script load first', () => {
    expect(dialogScripts.length).toBeGreaterThan(0);
    // A boolean, not toMatch: a failure must name the file, not print a megabyte of minified code.
    for (const file of before) expect(PDFJS.test(readFileSync(join(DIST, file), 'utf8')), file).toBe(false);
  });
});
