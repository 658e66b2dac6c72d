/**
 * The store package carries no demo trust (issue 14, finding 4): `npm run package` is run as a user
 * runs it, and the zip it writes is read back. No loopback host permission or content-script match,
 * no default server anywhere in its code; the content script is still shipped for the sites a user enables.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '../..');

interface Manifest {
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches: string[] }[];
  web_accessible_resources?: { matches: string[] }[];
}

test('the release zip has no loopback host permissions or matches and no default server', { timeout: 120_000 }, () => {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, SIGNBRIDGE_FLAVOUR: '', SIGNBRIDGE_BROWSER: '' } });
  const files = unzipSync(readFileSync(join(ROOT, 'release', `signbridge-chromium-${pkg.version}.zip`)));
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const manifest = JSON.parse(text('manifest.json')) as Manifest;

  const patterns = [
    ...(manifest.host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((s) => s.matches),
  ];
  expect(patterns.filter((p) => /127\.0\.0\.1|localhost|\[::1\]/.test(p))).toEqual([]);
  expect(manifest.host_permissions).toEqual(['https://account-d.docusign.com/*', 'https://account.docusign.com/*']);
  expect(manifest.content_scripts ?? []).toEqual([]);

  const code = Object.keys(files).filter((name) => name.endsWith('.js'));
  expect(code.length).toBeGreaterThan(3);
  for (const name of code) expect(text(name), name).not.toContain('127.0.0.1:8787');

  // The content script is still there for the sites a user or an administrator enables.
  const listed = JSON.parse(text('content-script.json')) as string[];
  expect(listed.length).toBe(1);
  for (const name of listed) expect(Object.keys(files)).toContain(name);
});
