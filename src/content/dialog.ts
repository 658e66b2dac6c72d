/**
 * Opens the send dialog over the page: an extension page in an iframe whose host element has a
 * CLOSED shadow root, so page scripts can neither reach the iframe through the DOM nor style it away.
 * The document's bytes are fetched here, in the page's context (the user's own session), and handed
 * to the dialog over a MessageChannel. The port is delivered with a secret the service worker gave
 * only to this content script and to the dialog, so the page can neither forge nor read the channel.
 * In Firefox the worker shows the dialog in a window of its own instead (`presentation: 'window'`,
 * src/background/platform.ts); the same messages then run over dialog-window.ts.
 */
import type { AnchorRule } from '../shared/adapters.ts';
import type { DocumentRef } from './detect.ts';
import { OWN_ATTRIBUTE } from './dom.ts';
import { DIALOG_WINDOWS } from './build.ts';
import { serveDialogWindow } from './dialog-window.ts';
import { t } from './i18n.ts';
import { call } from './messaging.ts';
import { isOffered, offeredDocuments } from './offered.ts';
import type { RecordFields } from './site.ts';
import type { TemplateMapping } from '../shared/adapters.ts';
import { readAtMost } from '../shared/stream.ts';
import { SB_TEXT } from '../ui/tokens.ts';

/** Port protocol (dialog → content): what the dialog may ask for. */
export type DialogToContent =
  | { type: 'fetch' }
  /** The page's other documents the dialog may add ("Add from this page"). */
  | { type: 'listDocuments' }
  /** One of those, by the URL this script listed: nothing else is fetched. */
  | { type: 'fetchOther'; url: string }
  | { type: 'sent'; envelopeId: string }
  | { type: 'signed'; event: string }
  /** The height the dialog's content needs (CSS px): the frame takes it, up to the window. */
  | { type: 'size'; height: number }
  | { type: 'close' };

/** Port protocol (content → dialog). */
export type ContentToDialog =
  | DocumentAnswer
  | { type: 'documents'; documents: DocumentRef[] }
  /** The answer to `fetchOther` for `url`. */
  | { type: 'otherDocument'; url: string; answer: DocumentAnswer };

export type DocumentAnswer =
  | { type: 'document'; ok: true; bytes: ArrayBuffer; mimeType: string; size: number }
  | { type: 'document'; ok: false; message: string };

/** What to transfer with an answer (the bytes move, they are not copied). */
export const transferOf = (answer: ContentToDialog): ArrayBuffer[] => {
  const doc = answer.type === 'otherDocument' ? answer.answer : answer;
  return doc.type === 'document' && doc.ok ? [doc.bytes] : [];
};

export interface OpenOptions {
  document: DocumentRef;
  fields: RecordFields;
  /** The documents decorated on the page now (read at each request: the page may have changed). */
  pageDocuments(): DocumentRef[];
  /** The adapter's mappings for "Use a template". */
  templates?: TemplateMapping[] | undefined;
  /** The site adapter's anchor strings (src/shared/adapters.ts). */
  anchors: readonly AnchorRule[];
  signal: AbortSignal;
  /** The window is on screen (its frame loaded). */
  onShown(): void;
  onSent(envelopeId: string): void;
  /** How "sign now" ended (DocuSign's event, e.g. `signing_complete`). */
  onSigned(event: string): void;
  onClosed(): void;
}

// Written compact (it ships in every page as is). `all: initial` already leaves the host no margin,
// border, padding, background or size of the page's.
const STYLE = `:host{all:initial;position:fixed;inset:0;z-index:2147483647;display:block}
.backdrop{position:absolute;inset:0;background:color-mix(in srgb,${SB_TEXT} 45%,transparent)}
iframe{position:absolute;inset:0;margin:auto;width:min(600px,calc(100vw - 24px));\
height:min(var(--sb-frame-height,720px),calc(100vh - 24px));border:0;border-radius:10px;background:Canvas;color-scheme:light dark;\
box-shadow:0 20px 50px color-mix(in srgb,${SB_TEXT} 35%,transparent)}`;

/** Bounds for the height a dialog reports (CSS px): any number from the frame is clamped, never trusted as is. */
const FRAME_MIN = 160;
const FRAME_MAX = 4000;

let open: { close(): void } | undefined;

/** Fetch at most `maxBytes` of the document, with the page's own cookies (same-origin). */
export async function fetchDocument(url: string, maxBytes: number, signal: AbortSignal): Promise<DocumentAnswer> {
  const fail = (message: string): DocumentAnswer => ({ type: 'document', ok: false, message });
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin', redirect: 'follow' });
  } catch {
    return fail(t('fetchUnreachable'));
  }
  if (!response.ok) return fail(t('fetchRefused', String(response.status)));
  const declared = Number(response.headers.get('content-length') ?? '0');
  const tooLarge = () => fail(t('fetchTooLarge', String(Math.round(maxBytes / 1024 / 1024))));
  if (declared > maxBytes) {
    await response.body?.cancel();
    return tooLarge();
  }
  if (!response.body) return fail(t('fetchEmpty'));
  const bytes = await readAtMost(response.body, maxBytes);
  if (bytes === 'too-large') return tooLarge();
  const size = bytes.byteLength;
  if (size === 0) return fail(t('fetchEmpty'));
  const mimeType = (response.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]?.trim() ?? '';
  return { type: 'document', ok: true, bytes: bytes.buffer, mimeType, size };
}

export async function openSendDialog(options: OpenOptions): Promise<{ ok: true } | { ok: false; message: string }> {
  open?.close();
  const session = await call('openDialog', {
    document: options.document,
    page: { url: location.href, title: document.title.slice(0, 300) },
    fields: options.fields,
    templates: options.templates,
    anchors: [...options.anchors],
  });
  if (!session.ok) return { ok: false, message: session.error.message };
  if (options.signal.aborted) return { ok: false, message: t('openFailedPageChanged') };

  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, options.signal]);
  let teardown = () => {};
  const close = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    teardown();
    if (open === handle) open = undefined;
    options.onClosed();
  };
  const handle = { close };
  open = handle;
  options.signal.addEventListener('abort', close, { once: true });

  let resize = (_height: number) => {};
  const serve = (message: DialogToContent, reply: (answer: ContentToDialog) => void) => {
    if (message.type === 'fetch') {
      void fetchDocument(options.document.url, session.value.maxBytes, signal).then((answer) => {
        if (!signal.aborted) reply(answer);
      });
    } else if (message.type === 'listDocuments') {
      reply({ type: 'documents', documents: offeredDocuments(options.document, options.pageDocuments()) });
    } else if (message.type === 'fetchOther' && typeof message.url === 'string') {
      const { url } = message;
      // Only a document this script detected on the page and offered, never a URL the dialog names freely.
      const answer = isOffered(url, options.document, options.pageDocuments()) ? fetchDocument(url, session.value.maxBytes, signal) : Promise.resolve<DocumentAnswer>({ type: 'document', ok: false, message: t('dialog_fetchNotOffered') });
      void answer.then((got) => {
        if (!signal.aborted) reply({ type: 'otherDocument', url, answer: got });
      });
    } else if (message.type === 'sent' && typeof message.envelopeId === 'string') {
      options.onSent(message.envelopeId);
    } else if (message.type === 'signed' && typeof message.event === 'string') {
      options.onSigned(message.event);
    } else if (message.type === 'size' && Number.isFinite(message.height)) {
      resize(Math.round(Math.min(FRAME_MAX, Math.max(FRAME_MIN, message.height))));
    } else if (message.type === 'close') {
      close();
    }
  };

  // Firefox: the worker opened the dialog in a window of its own, which connects to this script.
  if (DIALOG_WINDOWS && session.value.presentation === 'window') {
    const channel = serveDialogWindow(session.value, serve, close);
    teardown = () => channel.close();
    // The window is on screen: the page's button leaves "Opening…" (content-ux's button state).
    options.onShown();
    return { ok: true };
  }

  const host = document.createElement('div');
  host.setAttribute(OWN_ATTRIBUTE, 'dialog');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  const backdrop = document.createElement('div');
  backdrop.className = 'backdrop';
  const frame = document.createElement('iframe');
  frame.title = t('dialogFrameTitle');
  const dialogUrl = chrome.runtime.getURL('src/dialog/index.html');
  frame.src = `${dialogUrl}#${session.value.sessionId}`;
  root.append(style, backdrop, frame);
  // Sized to its content, up to the window (the CSS above caps it at 100vh - 24px; the form scrolls inside).
  resize = (height) => frame.style.setProperty('--sb-frame-height', `${height}px`);

  const channel = new MessageChannel();
  teardown = () => {
    channel.port1.close();
    host.remove();
  };
  channel.port1.onmessage = (event: MessageEvent<DialogToContent>) =>
    serve(event.data, (answer) => channel.port1.postMessage(answer, transferOf(answer)));
  frame.addEventListener(
    'load',
    () => {
      // Only to our own extension's origin; the dialog checks the secret before it uses the port.
      frame.contentWindow?.postMessage({ signbridge: 'port', secret: session.value.secret }, new URL(dialogUrl).origin, [channel.port2]);
      frame.focus();
      options.onShown();
    },
    { once: true, signal },
  );
  document.documentElement.append(host);
  // The top layer: no z-index of the page's can paint over the dialog (a decoy laid over Send that lets
  // clicks through is the other half of clickjacking; the dialog itself refuses to send while faded).
  host.popover = 'manual';
  host.showPopover();
  return { ok: true };
}
