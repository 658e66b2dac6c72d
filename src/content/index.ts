/**
 * Content script entry: runs in the page's isolated world. Small and importless by design (types only
 * from shared): it finds documents, decorates them and hands off to the dialog and the worker.
 *
 * Each page state (URL without fragment) runs once under an AbortSignal; a single-page app's
 * navigation aborts it, which removes every button, the observer and an open dialog, and starts over.
 * What a button says comes from one place, `view(url)`: the worker's record of what was sent from
 * this page (read again after every send or signing), and which document's window is opening.
 */
import type { SentView } from '../shared/messages.ts';
import type { DocumentStatus } from '../shared/status-messages.ts';
import type { ButtonView } from './button.ts';
import { decorate } from './decorate.ts';
import { t } from './i18n.ts';
import { call } from './messaging.ts';
import { loadOpener } from './opener-api.ts';
import { adapterFor } from './site.ts';
import type { Slot } from './slots.ts';
import { watchStatus } from './status.ts';

function viewOf(record: SentView | undefined, opening: boolean, live: DocumentStatus | undefined): ButtonView {
  if (opening) return { state: 'opening' };
  if (!record) return { state: 'idle' };
  // What DocuSign reported through the server, once it says more than "sent".
  if (live && live.state !== 'sent') return live;
  if (record.outcome) return { state: record.outcome, at: record.outcomeAt ?? record.at };
  const to = record.to && record.others ? t('recipientAndOthers', record.to, String(record.others)) : record.to;
  return { state: 'sent', at: record.at, to };
}

const readConfig = () => call('contentConfig', { pageUrl: location.href });

async function run(signal: AbortSignal): Promise<void> {
  const config = await readConfig();
  if (signal.aborted) return;
  // An administrator's adapters and the built-in ones, in the worker's order (contentConfig).
  const adapter = adapterFor(location.href, config.ok ? config.value.adapters : []);
  let sent = new Map(Object.entries(config.ok ? config.value.sent : {}));
  let opening: string | undefined;
  let reported = -1;
  let counted = 0;
  let badge: ReturnType<typeof setTimeout> | undefined;
  const live = new Map<string, DocumentStatus>();
  const watch = watchStatus(signal, (documents) => {
    for (const [url, state] of Object.entries(documents)) live.set(url, state);
    decoration.refresh();
  });

  /** The worker recorded a send or how signing ended: every button showing that document follows. */
  const reload = async () => {
    const again = await readConfig();
    if (signal.aborted || !again.ok) return;
    const before = sent;
    sent = new Map(Object.entries(again.value.sent));
    // A new send replaces the document's envelope: the old envelope's live state no longer applies.
    for (const [url, record] of sent) if (before.get(url)?.at !== record.at) live.delete(url);
    decoration.refresh();
    watch();
  };

  const activate = async (slot: Slot, doc: NonNullable<Slot['doc']>) => {
    opening = doc.url;
    decoration.refresh();
    const settle = () => {
      if (opening !== doc.url) return;
      opening = undefined;
      decoration.refresh();
    };
    const failed = (message: string) => {
      settle();
      if (slot.button) slot.button.host.title = message;
    };
    // The first click on a page loads the part that opens the dialog (src/content/opener.ts).
    const opener = await loadOpener();
    if (typeof opener === 'string') return failed(opener);
    const opened = await opener.openSendDialog({
      document: doc,
      fields: opener.readFields(document, adapter?.fields),
      pageDocuments: () => decoration.documents(),
      templates: adapter?.templates,
      anchors: adapter?.anchors ?? [],
      signal,
      // "Opening…" only until the window is there: it says nothing about the document after that.
      onShown: settle,
      onSent: () => void reload(),
      onSigned: () => void reload(),
      onClosed: () => {
        settle();
        // Back to the button that opened the window (WAI-ARIA dialog pattern), if it still shows that document.
        const button = slot.doc?.url === doc.url && slot.anchor.isConnected ? slot.button : undefined;
        button?.focus();
      },
    });
    if (!opened.ok) failed(opened.message);
  };

  const decoration = decorate(signal, {
    adapter,
    view: (url) => viewOf(sent.get(url), url === opening, live.get(url)),
    onActivate: (slot, doc) => void activate(slot, doc),
    onChange: (count) => {
      followNavigation();
      // The toolbar badge follows the count, once a task at most (batches are handled as they come);
      // batches that change nothing send nothing.
      counted = count;
      if (count !== reported) badge ??= setTimeout(() => {
        badge = undefined;
        if (counted !== reported && !signal.aborted) void call('pageSeen', { documents: (reported = counted) });
      });
    },
  });
  if (sent.size > 0) watch();
}

const pageState = () => location.href.split('#')[0] ?? location.href;
let current = '';
let controller: AbortController | undefined;

function followNavigation(): void {
  const state = pageState();
  if (state === current) return;
  current = state;
  controller?.abort();
  controller = new AbortController();
  void run(controller.signal);
}

// SPA navigation: the Navigation API sees pushState/replaceState from the page's own scripts;
// popstate covers history traversal; the mutation batches (onChange above) are the fallback.
const navigation = (globalThis as { navigation?: EventTarget }).navigation;
navigation?.addEventListener('currententrychange', followNavigation);
addEventListener('popstate', followNavigation);
followNavigation();
