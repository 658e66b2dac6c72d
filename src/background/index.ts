/**
 * Service-worker entry. Every listener is registered synchronously at the top level, so an event
 * that wakes a stopped worker finds its listener. Module state is a cache only; whatever a flow needs
 * after the worker is stopped lives in storage (see storage.ts and auth/store.ts).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { createAuth } from './auth/index.ts';
import { createSendFeature } from './documents-wiring.ts';
import { createHandlers } from './handlers.ts';
import { createRouter } from './router.ts';
import { syncSites } from './sites.ts';

const instance = { bootId: crypto.randomUUID(), bootedAt: Date.now() };
const auth = createAuth();

const send = createSendFeature(auth);

const route = createRouter(createHandlers(instance, auth, send.handlers), {
  extensionId: browser.runtime.id,
  extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  onError: (type, error) => console.error(`[signbridge] handler "${type}" failed:`, error instanceof Error ? error.name : 'error'),
});

// webextension-polyfill: a listener that returns a promise answers with its resolved value.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender));
// A page with sent documents listening for their status changes (src/background/status.ts).
browser.runtime.onConnect.addListener((port) => send.onConnect(port));

// The sign-in tab reaching the redirect URI. `tabs.onUpdated` reports the redirect target (the
// companion server's /oauth/callback, a host we have permission for); `webNavigation` would not.
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.url === undefined) return;
  auth.flow.onTabUpdated(tabId, changeInfo.url).catch((error: unknown) => logFailure('sign-in redirect', error));
});
// The member sign-in tab reaching the server's /oidc/callback (src/background/auth/member-flow.ts).
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.url === undefined) return;
  auth.members.onTabUpdated(tabId, changeInfo.url).catch((error: unknown) => logFailure('member sign-in redirect', error));
});
// A "sign now" tab coming back from DocuSign to the server's return page (src/background/signing.ts).
browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.url === undefined) return;
  send.onTabUpdated(tabId, changeInfo.url).catch((error: unknown) => logFailure('signing return', error));
});
browser.tabs.onRemoved.addListener((tabId) => {
  auth.flow.onTabRemoved(tabId).catch((error: unknown) => logFailure('sign-in tab closed', error));
  auth.members.onTabRemoved(tabId).catch((error: unknown) => logFailure('member sign-in tab closed', error));
});

// Sites enabled beyond the demo host (src/background/sites.ts): the registration persists across
// restarts, but an update clears it and permissions or the policy can change while the worker sleeps.
const resync = () => void syncSites().catch((error: unknown) => logFailure('registering the content script on enabled sites', error));
browser.runtime.onInstalled.addListener(resync);
browser.runtime.onStartup.addListener(resync);
browser.permissions.onAdded.addListener(resync);
browser.permissions.onRemoved.addListener(resync);
browser.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed') resync();
});

/** Names the failure, never its details: an OAuth error may carry a response body. */
function logFailure(what: string, error: unknown): void {
  console.error(`[signbridge] ${what} failed:`, error instanceof Error ? error.name : 'error');
}
