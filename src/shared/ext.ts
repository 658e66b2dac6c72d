/**
 * The extension API for code the send dialog loads, without webextension-polyfill (21 kB, about 3 kB
 * gzip of the dialog's budget: test/unit/bundle-size.test.ts): Firefox's own `browser`, else Chromium's
 * `chrome`. Every call made through it returns a promise in Manifest V3 in both browsers
 * (`runtime.sendMessage`, `permissions.request`) or is synchronous (`runtime.getManifest`,
 * `tabs.connect`), which is all the polyfill added for them. The worker, the popup and the options page
 * keep the polyfill.
 */
import type { Browser } from 'webextension-polyfill';

export const ext = (): Browser => {
  const g = globalThis as unknown as { browser?: Browser; chrome?: Browser };
  const api = g.browser ?? g.chrome;
  if (api === undefined) throw new Error('No extension API: this code runs in extension pages only.');
  return api;
};
