/**
 * The content script's end of a dialog shown in its own window (the `window` presentation, chosen by
 * the worker: src/background/platform.ts). That window connects here with `tabs.connect`; only our
 * own extension can reach a content script that way, and the port is used only if its sender is the
 * dialog page of this very session and its first message carries the session's secret.
 */
import type { ContentToDialog, DialogToContent } from './dialog.ts';

export interface WindowChannel {
  /** Ends the channel; the dialog window closes itself when its port goes. */
  close(): void;
}

export function serveDialogWindow(
  session: { sessionId: string; secret: string },
  onMessage: (message: DialogToContent, reply: (answer: ContentToDialog) => void) => void,
  onGone: () => void,
): WindowChannel {
  const expectedUrl = `${chrome.runtime.getURL('src/dialog/index.html')}#${session.sessionId}`;
  let port: chrome.runtime.Port | undefined;
  let ended = false;

  const end = () => {
    if (ended) return;
    ended = true;
    chrome.runtime.onConnect.removeListener(onConnect);
    port?.disconnect();
    onGone();
  };

  function onConnect(candidate: chrome.runtime.Port): void {
    // The dialog page of this session (its URL carries the session id), nothing else of ours.
    if (port || candidate.sender?.id !== chrome.runtime.id || candidate.sender.url !== expectedUrl) {
      candidate.disconnect();
      return;
    }
    port = candidate;
    let proven = false;
    candidate.onMessage.addListener((data: unknown) => {
      if (!proven) {
        proven = typeof data === 'object' && data !== null && (data as { secret?: unknown }).secret === session.secret;
        if (!proven) end();
        return;
      }
      onMessage(data as DialogToContent, (answer) => candidate.postMessage(answer));
    });
    // The user closed the window, or it navigated away: the dialog is gone.
    candidate.onDisconnect.addListener(end);
  }

  chrome.runtime.onConnect.addListener(onConnect);
  return { close: end };
}
