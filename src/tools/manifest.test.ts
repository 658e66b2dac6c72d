import { describe, expect, it, test } from 'vitest';
import base from '../../manifest.json' with { type: 'json' };
import { DIALOG_PAGE, FIREFOX_MIN_VERSION, GECKO_ID, isLoopbackPattern, manifestFor, withoutEmptyContentScripts, withoutInjectedResources, type Manifest } from './manifest.ts';

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

test('a script built for injection is not web-accessible; the dialog page stays', () => {
  const built = {
    name: 'x',
    web_accessible_resources: [
      { matches: ['https://*/*'], resources: ['src/dialog/index.html', 'src/content/opener.js'], use_dynamic_url: false },
      { matches: ['https://*/*'], resources: ['src/content/opener.js'] },
    ],
  };
  expect(JSON.parse(withoutInjectedResources(JSON.stringify(built)))).toEqual({
    name: 'x',
    web_accessible_resources: [{ matches: ['https://*/*'], resources: ['src/dialog/index.html'], use_dynamic_url: false }],
  });
  const firefox = JSON.stringify({ name: 'x', web_accessible_resources: [{ matches: ['https://*/*'], resources: ['src/content/opener.js'] }] });
  expect(JSON.parse(withoutInjectedResources(firefox))).toEqual({ name: 'x' });
  const untouched = JSON.stringify({ name: 'x', web_accessible_resources: [{ matches: ['https://*/*'], resources: ['src/dialog/index.html'] }] });
  expect(withoutInjectedResources(untouched)).toBe(untouched);
});

const chromium = manifestFor(base, { browser: 'chromium', flavour: 'development' });
const firefox: Manifest = manifestFor(base, { browser: 'firefox', flavour: 'development' });

describe('manifestFor: browsers', () => {
  it('leaves the chromium manifest as manifest.json has it (Chrome and Edge load the same package)', () => {
    expect(chromium).toEqual(base);
  });

  it('gives Firefox a module background script in place of the service worker', () => {
    expect(firefox.background).toEqual({ scripts: [base.background.service_worker], type: 'module' });
  });

  it('names the add-on for Firefox with the lowest version the code needs and what data leaves the browser', () => {
    expect(firefox.browser_specific_settings?.gecko).toMatchObject({ id: GECKO_ID, strict_min_version: FIREFOX_MIN_VERSION });
    expect(firefox.browser_specific_settings?.gecko.data_collection_permissions.required).toContain('websiteContent');
  });

  it('drops the Chrome-only keys and never makes the dialog frameable in Firefox', () => {
    expect(firefox).not.toHaveProperty('minimum_chrome_version');
    expect(firefox).not.toHaveProperty('storage');
    const accessible = (firefox.web_accessible_resources ?? []).flatMap((w) => w.resources);
    expect(accessible).not.toContain(DIALOG_PAGE);
    expect(base.web_accessible_resources.flatMap((w) => w.resources)).toContain(DIALOG_PAGE);
  });

  it('keeps the permissions, host permissions and content scripts', () => {
    for (const key of ['permissions', 'host_permissions', 'optional_host_permissions', 'content_scripts', 'action', 'options_ui'] as const) {
      expect(firefox[key], key).toEqual(base[key]);
    }
  });

  it('does not change its input', () => {
    const copy = structuredClone(base) as Manifest;
    manifestFor(copy, { browser: 'firefox', flavour: 'development' });
    expect(copy).toEqual(base);
  });
});
