import { describe, expect, it } from 'vitest';
import base from '../../manifest.json' with { type: 'json' };
import { DIALOG_PAGE, FIREFOX_MIN_VERSION, GECKO_ID, manifestFor, type Manifest } from './manifest.ts';

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
