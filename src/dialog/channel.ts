/**
 * The dialog's end of the byte channel. The content script transfers a MessagePort to this frame
 * together with the secret the service worker gave it; the dialog got the same secret from the
 * worker. A port that comes with any other secret (a page forging messages at this frame) is closed
 * and counted, never used. Listening starts at import, before the secret is known, so the real
 * port cannot arrive too early.
 */
import type { ContentToDialog, DialogToContent } from '../content/dialog.ts';

interface Candidate {
  secret: unknown;
  port: MessagePort;
}

const candidates: Candidate[] = [];
let accepted: MessagePort | undefined;
let expected: string | undefined;
let refused = 0;
let closed = false;
let settle: ((port: MessagePort) => void) | undefined;

const report = () => {
  // Visible to tests that inspect this extension frame; the page cannot read a cross-origin frame.
  document.documentElement.dataset['refusedMessages'] = String(refused);
};

function consider(candidate: Candidate): void {
  if (accepted || expected === undefined) return;
  if (candidate.secret === expected) {
    accepted = candidate.port;
    settle?.(accepted);
  } else {
    candidate.port.close();
    refused += 1;
    report();
  }
}

addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  const port = event.ports[0];
  const isOffer = typeof data === 'object' && data !== null && (data as { signbridge?: unknown }).signbridge === 'port';
  if (!isOffer || !port || accepted || closed) {
    for (const p of event.ports) p.close();
    refused += 1;
    report();
    return;
  }
  const candidate = { secret: (data as { secret?: unknown }).secret, port };
  if (expected === undefined) candidates.push(candidate);
  else consider(candidate);
});

/** This dialog has no valid session: every offer, earlier or later, is refused. */
export function refuseAll(): void {
  closed = true;
  for (const candidate of candidates.splice(0)) {
    candidate.port.close();
    refused += 1;
  }
  report();
}

/** The page's port, once one arrives with `secret`; rejects after `timeoutMs`. */
export function connect(secret: string, timeoutMs = 10_000): Promise<MessagePort> {
  expected = secret;
  return new Promise((resolve, reject) => {
    settle = resolve;
    for (const candidate of candidates.splice(0)) consider(candidate);
    if (accepted) resolve(accepted);
    setTimeout(() => reject(new Error('The page did not connect to SignBridge in time. Close this window and try again.')), timeoutMs);
  });
}

export function post(port: MessagePort, message: DialogToContent): void {
  port.postMessage(message);
}

/** Asks the content script for the document's bytes (fetched in the page's context, bounded). */
export function requestDocument(port: MessagePort): Promise<ContentToDialog> {
  return new Promise((resolve) => {
    port.onmessage = (event: MessageEvent<ContentToDialog>) => {
      if (event.data.type === 'document') resolve(event.data);
    };
    post(port, { type: 'fetch' });
  });
}
