/**
 * The dialog's end of the byte channel. The content script transfers a MessagePort to this frame
 * together with the secret the service worker gave it; the dialog got the same secret from the
 * worker. A port that comes with any other secret (a page forging messages at this frame) is closed
 * and counted, never used. Listening starts at import, before the secret is known, so the real
 * port cannot arrive too early.
 */
import type { ContentToDialog, DialogToContent, DocumentAnswer } from '../content/dialog.ts';
import { ext } from '../shared/ext.ts';
import type { DialogPresentation } from '../shared/messages.ts';

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

/** The dialog's end of the channel to the content script, whichever way it runs. */
export interface DialogPort {
  post(message: DialogToContent): void;
  /** Every message from now on goes to `handler` too, until the answer it waited for came (it returns true). */
  listen: (handler: (message: ContentToDialog) => boolean) => void;
}

/** One listener on the port, handing each message to the waiting requests (several can be out at once). */
function waiters(): { add: DialogPort['listen']; deliver: (message: ContentToDialog) => void } {
  const waiting = new Set<(message: ContentToDialog) => boolean>();
  return {
    add: (handler) => void waiting.add(handler),
    deliver: (message) => {
      for (const handler of [...waiting]) if (handler(message)) waiting.delete(handler);
    },
  };
}

const framePort = (port: MessagePort): DialogPort => {
  const { add, deliver } = waiters();
  port.onmessage = (event: MessageEvent<ContentToDialog>) => deliver(event.data);
  return { post: (message) => port.postMessage(message), listen: add };
};

/**
 * The channel to the content script: in a frame (`frame` presentation), the port the page's content
 * script transfers with `secret`; in a window of its own (`window`), a `tabs.connect` port to the
 * content script of the opener's tab and frame, proven with the secret (src/content/dialog-window.ts).
 * A window whose content script goes away (the page closed or navigated) closes itself.
 */
export async function connect(session: {
  secret: string;
  presentation: DialogPresentation;
  opener: { tabId: number; frameId: number } | null;
}): Promise<DialogPort> {
  if (session.presentation === 'frame' || !session.opener) return framePort(await connectFrame(session.secret));
  refuseAll();
  const port = ext().tabs.connect(session.opener.tabId, { frameId: session.opener.frameId });
  port.onDisconnect.addListener(() => window.close());
  port.postMessage({ secret: session.secret });
  const { add, deliver } = waiters();
  port.onMessage.addListener((m) => deliver(m as ContentToDialog));
  return { post: (message) => port.postMessage(message), listen: add };
}

/** The page's port, once one arrives with `secret`; rejects after `timeoutMs`. */
function connectFrame(secret: string, timeoutMs = 10_000): Promise<MessagePort> {
  expected = secret;
  return new Promise((resolve, reject) => {
    settle = resolve;
    for (const candidate of candidates.splice(0)) consider(candidate);
    if (accepted) resolve(accepted);
    // No message of its own: the dialog says dialog_pageTimeout, in the user's language (controller.ts).
    setTimeout(() => reject(new Error()), timeoutMs);
  });
}

export function post(port: DialogPort, message: DialogToContent): void {
  port.post(message);
}

/** Sends `message` and resolves with the first answer `pick` recognises (also later/documents.ts). */
export function ask<T>(port: DialogPort, message: DialogToContent, pick: (answer: ContentToDialog) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    port.listen((answer) => {
      const picked = pick(answer);
      if (picked !== undefined) resolve(picked);
      return picked !== undefined;
    });
    post(port, message);
  });
}

/** Asks the content script for the document's bytes (fetched in the page's context, bounded). */
export function requestDocument(port: DialogPort): Promise<DocumentAnswer> {
  return ask(port, { type: 'fetch' }, (m) => (m.type === 'document' ? m : undefined));
}
