import { expect, test } from 'vitest';
import base from '../../manifest.json' with { type: 'json' };
import { isLoopbackPattern, manifestFor, withoutEmptyContentScripts, type Manifest } from './manifest.ts';

test('the development manifest is the base as it is', () => {
  expect(manifestFor(base, { browser: 'chromium', flavour: 'development' })).toEqual(base);
});

test('a release has no loopback host permission and no content script match on loopback', () => {
  const release = manifestFor(base, { browser: 'chromium', flavour: 'release' });
  expect(release.host_permissions).toEqual(['https://account-d.docusign.com/*', 'https://account.docusign.com/*']);
  expect(release.content_scripts?.flatMap((s) => s.matches)).toEqual([]);
  expect(JSON.stringify(release)).not.toMatch(/127\.0\.0\.1|localhost/);
  // The base is left alone.
  expect(base.host_permissions).toContain('http://127.0.0.1/*');
});

test('loopback patterns', () => {
  for (const p of ['http://127.0.0.1/*', 'http://localhost/*', 'https://localhost:8443/*', '*://[::1]/*']) expect(isLoopbackPattern(p), p).toBe(true);
  for (const p of ['https://account.docusign.com/*', 'http://127.0.0.1.example/*', 'https://*/*']) expect(isLoopbackPattern(p), p).toBe(false);
});

test('content scripts left without a match leave the output manifest, their files listed instead', () => {
  const built: Manifest = { name: 'x', content_scripts: [{ matches: [], js: ['assets/content.js'] }] };
  const { manifest, files } = withoutEmptyContentScripts(JSON.stringify(built));
  expect(JSON.parse(manifest)).toEqual({ name: 'x' });
  expect(files).toEqual(['assets/content.js']);
  const kept = JSON.stringify({ content_scripts: [{ matches: ['https://a.example/*'], js: ['a.js'] }] });
  expect(withoutEmptyContentScripts(kept)).toEqual({ manifest: kept, files: [] });
});
