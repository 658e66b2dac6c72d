/**
 * Content script entry: runs in the page's isolated world. Small and importless by design (types only
 * from shared): it finds documents, decorates them and hands off to the dialog and the worker.
 *
 * Each page state (URL without fragment) runs once under an AbortSignal; a single-page app's
 * navigation aborts it, which removes every button, the observer and an open dialog, and starts over.
 */
import { builtinAdapters } from './adapters/index.ts';
import { decorate, type FoundDocument } from './decorate.ts';
import { openSendDialog } from './dialog.ts';
import { readFields } from './dom.ts';
import { call } from './messaging.ts';
import { adapterFor } from './site.ts';

async function run(signal: AbortSignal): Promise<void> {
  const config = await call('contentConfig', { pageUrl: location.href });
  if (signal.aborted) return;
  // Administrator adapters come first, so a policy can override a built-in one.
  const adapter = adapterFor(location.href, [...(config.ok ? config.value.adapters : []), ...builtinAdapters]);
  const sent = new Set(config.ok ? config.value.sent : []);
  // Sign-now outcomes of earlier visits (persisted by the worker), updated live while a dialog is open.
  const outcome = new Map<string, 'signed' | 'declined'>(Object.entries(config.ok ? config.value.outcomes : {}));
  let reported = -1;

  const activate = async (found: FoundDocument) => {
    const doc = found.resolve();
    if (!doc) return;
    found.button.setState('opening');
    const opened = await openSendDialog({
      document: doc,
      fields: readFields(document, adapter?.fields),
      signal,
      onSent: () => {
        sent.add(doc.url);
        decoration.markSent(doc.url);
      },
      onSigned: (event) => {
        if (event === 'signing_complete') outcome.set(doc.url, 'signed');
        else if (event === 'decline') outcome.set(doc.url, 'declined');
        const state = outcome.get(doc.url);
        if (state) found.button.setState(state);
      },
      onClosed: () => found.button.setState(outcome.get(doc.url) ?? (sent.has(doc.url) ? 'sent' : 'idle')),
    });
    if (!opened.ok) {
      found.button.setState(outcome.get(doc.url) ?? (sent.has(doc.url) ? 'sent' : 'idle'));
      found.button.host.title = opened.message;
    }
  };

  const decoration = decorate(signal, {
    adapter,
    initialState: (url) => outcome.get(url) ?? (sent.has(url) ? 'sent' : 'idle'),
    onActivate: (found) => void activate(found),
    onChange: (count) => {
      followNavigation();
      // The toolbar badge follows the count; batches that change nothing send nothing.
      if (count === reported) return;
      reported = count;
      void call('pageSeen', { documents: count });
    },
  });
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
