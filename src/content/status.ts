/**
 * The page's live document status: while this page has sent documents, a port to the worker, which
 * relays what SignBridge's server learns from DocuSign Connect (src/background/status.ts). The port
 * closes with the page (or its SPA state); when the worker restarts it is opened again after a
 * pause. Types only from shared.
 */
import type { DocumentStatus, STATUS_PORT, StatusPortMessage, StatusPortUpdate } from '../shared/status-messages.ts';

const PORT_NAME: typeof STATUS_PORT = 'signbridge-status';

/** `watch()` (re)reads the page's sent documents and their states: once at start, and after a send. */
export function watchStatus(signal: AbortSignal, onUpdate: (documents: Record<string, DocumentStatus>) => void): () => void {
  let port: chrome.runtime.Port | undefined;
  const watch = () => {
    if (signal.aborted) return;
    if (!port) {
      port = chrome.runtime.connect({ name: PORT_NAME });
      port.onMessage.addListener((message: StatusPortUpdate) => onUpdate(message.documents));
      port.onDisconnect.addListener(() => {
        port = undefined;
        // The worker was stopped or restarted: listen again; it reads the page's states afresh.
        if (!signal.aborted) setTimeout(watch, 2000);
      });
    }
    const message: StatusPortMessage = { type: 'watch', pageUrl: location.href };
    port.postMessage(message);
  };
  signal.addEventListener('abort', () => port?.disconnect());
  return watch;
}
