/** What `npm run build` wrote to dist/: checked without a browser, before the browser tests use it. */
import { existsSync, readFileSync } from 'node:fs';
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
}

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
      expect(code, file).not.toMatch(/\bimport\s*[({"'*]|\bfrom\s*["']/);
    }
  });
});
