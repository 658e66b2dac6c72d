/**
 * Service-worker entry. Every listener is registered synchronously at the top level, so an event
 * that wakes a stopped worker finds its listener. Module state is a cache only; whatever a flow needs
 * after the worker is stopped lives in storage (see storage.ts).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { createHandlers } from './handlers.ts';
import { createRouter } from './router.ts';

const instance = { bootId: crypto.randomUUID(), bootedAt: Date.now() };

const route = createRouter(createHandlers(instance), {
  extensionId: browser.runtime.id,
  extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
  onError: (type, error) => console.error(`[signbridge] handler "${type}" failed:`, error),
});

// webextension-polyfill: a listener that returns a promise answers with its resolved value.
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender));
