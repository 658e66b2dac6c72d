/**
 * The decoration feature: find the documents on the page (adapter rows first, then generic links),
 * give each exactly one button, and keep doing so for whatever the page adds later, in the document
 * and in open shadow roots. Everything it adds goes away when `signal` aborts.
 */
import type { SiteAdapter } from '../shared/adapters.ts';
import { createButton, type ButtonState, type SendButton } from './button.ts';
import { documentFromLink, kindFromName, type DocumentRef } from './detect.ts';
import { deepQueryAll, LINK_SELECTOR, linkInfo, openShadowRoots, OWN_ATTRIBUTE } from './dom.ts';
import { watchAdded } from './observer.ts';

export interface FoundDocument {
  /** The element that carries the document's URL; the button sits right after it. */
  anchor: Element;
  button: SendButton;
  /** Read again at click time: a virtualised list may have recycled the row since. */
  resolve(): DocumentRef | undefined;
}

export interface DecorateOptions {
  adapter: SiteAdapter | undefined;
  /** What the document's button shows when it appears: sent, signed or declined earlier (persisted), or idle. */
  initialState(documentUrl: string): ButtonState;
  onActivate(found: FoundDocument): void;
  /** Called after each batch with the number of documents decorated so far. */
  onChange?(count: number): void;
}

export interface Decoration {
  count(): number;
  markSent(documentUrl: string): void;
}

const ROW_CONTAINER = 'tr, li, [role="row"]';

function fileName(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * What to scan for a batch of added elements: each of them, except that many siblings added
 * together (a library rendering its rows) are scanned through their parent in one pass.
 */
export function scanRoots(added: readonly Element[], many = 64): ParentNode[] {
  if (added.length <= many) return [...added];
  const byParent = new Map<ParentNode | null, Element[]>();
  for (const el of added) {
    const siblings = byParent.get(el.parentNode) ?? [];
    siblings.push(el);
    byParent.set(el.parentNode, siblings);
  }
  const roots: ParentNode[] = [];
  for (const [parent, children] of byParent) {
    if (parent && children.length > many) roots.push(parent);
    else roots.push(...children);
  }
  return roots;
}

export function decorate(signal: AbortSignal, options: DecorateOptions): Decoration {
  const { adapter } = options;
  const rows = new WeakSet<Element>();
  const anchors = new WeakSet<Element>();
  const perContainer = new WeakMap<Element, Set<string>>();
  const found = new Set<FoundDocument>();
  let adapterBroken = false;

  // Read once per scan: `document.baseURI` is not free, and a scan may cover 10,000 links.
  let currentBase = document.baseURI;
  const base = () => currentBase;

  const add = (anchor: Element, resolve: () => DocumentRef | undefined, first: DocumentRef) => {
    const button: SendButton = createButton(() => options.onActivate(entry));
    const entry: FoundDocument = { anchor, resolve, button };
    const initial = options.initialState(first.url);
    if (initial !== 'idle') entry.button.setState(initial);
    anchor.after(entry.button.host);
    found.add(entry);
  };
  // One listener for all buttons: thousands of listeners on one signal make each addition slower.
  signal.addEventListener(
    'abort',
    () => {
      for (const f of found) f.button.host.remove();
      found.clear();
    },
    { once: true },
  );

  const rowDocument = (row: Element, a: SiteAdapter): { anchor: Element; resolve: () => DocumentRef | undefined } | undefined => {
    const anchor = row.querySelector(a.link);
    if (!anchor) return undefined;
    const resolve = (): DocumentRef | undefined => {
      const raw = anchor.getAttribute(a.urlAttribute ?? 'href');
      if (!raw) return undefined;
      let url: URL;
      try {
        url = new URL(raw, base());
      } catch {
        return undefined;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
      url.hash = '';
      const nameEl = a.name ? row.querySelector(a.name) : anchor;
      const name = (nameEl?.textContent ?? '').replace(/\s+/g, ' ').trim() || fileName(url) || 'document';
      const kind = kindFromName(name, true) ?? kindFromName(url.pathname, true) ?? 'other';
      return { url: url.href, name: name.slice(0, 200), kind };
    };
    return { anchor, resolve };
  };

  const decorateRow = (row: Element, a: SiteAdapter) => {
    if (rows.has(row)) return;
    const doc = rowDocument(row, a);
    const first = doc?.resolve();
    // A row whose link is not rendered yet is picked up when the link is added.
    if (!doc || !first) return;
    rows.add(row);
    anchors.add(doc.anchor);
    add(doc.anchor, doc.resolve, first);
  };

  const decorateLink = (el: Element) => {
    if (anchors.has(el)) return;
    if (adapter && !adapterBroken && el.closest(adapter.rows)) return;
    const resolve = () => {
      const info = linkInfo(el);
      return info ? documentFromLink(info, base()) : undefined;
    };
    const doc = resolve();
    if (!doc) return;
    anchors.add(el);
    // One button per document per row: a name link and a "Download" link to the same file share it.
    const container = el.closest(ROW_CONTAINER) ?? el.parentElement;
    if (container) {
      const seen = perContainer.get(container) ?? new Set<string>();
      perContainer.set(container, seen);
      if (seen.has(doc.url)) return;
      seen.add(doc.url);
    }
    add(el, resolve, doc);
  };

  const pendingUpgrades = new Set<Element>();
  let upgradeDelay = 100;
  const recheckUpgrades = () => {
    if (signal.aborted || pendingUpgrades.size === 0) return;
    for (const el of pendingUpgrades) {
      if (!el.isConnected) pendingUpgrades.delete(el);
      else if (el.matches(':defined')) {
        pendingUpgrades.delete(el);
        scan(el);
      }
    }
    // Content scripts have no `customElements` (it is null in the isolated world), so an element
    // defined later is rechecked with backoff instead of `whenDefined`.
    if (pendingUpgrades.size > 0 && upgradeDelay < 10_000) {
      setTimeout(recheckUpgrades, upgradeDelay);
      upgradeDelay *= 2;
    }
  };

  const scan = (root: ParentNode) => {
    currentBase = document.baseURI;
    const shadowRoots = openShadowRoots(root);
    for (const sr of shadowRoots) watcher.watch(sr);
    if (adapter && !adapterBroken) {
      try {
        const enclosing = root instanceof Element ? root.closest(adapter.rows) : null;
        if (enclosing) decorateRow(enclosing, adapter);
        for (const row of deepQueryAll(root, adapter.rows, shadowRoots)) decorateRow(row, adapter);
      } catch {
        // An administrator's adapter with an invalid selector: fall back to generic detection.
        adapterBroken = true;
      }
    }
    for (const el of deepQueryAll(root, LINK_SELECTOR, shadowRoots)) decorateLink(el);
    const undefinedElements = deepQueryAll(root, ':not(:defined)', shadowRoots);
    if (undefinedElements.length > 0) {
      const wasIdle = pendingUpgrades.size === 0;
      for (const el of undefinedElements) pendingUpgrades.add(el);
      if (wasIdle) {
        upgradeDelay = 100;
        setTimeout(recheckUpgrades, upgradeDelay);
      }
    }
  };

  let batches = 0;
  const watcher = watchAdded(
    (added) => {
      for (const root of scanRoots(added)) scan(root);
      // Rows a virtualised list dropped: forget them now and then, so detached rows are not kept alive.
      if (++batches % 32 === 0) for (const f of found) if (!f.anchor.isConnected) found.delete(f);
      options.onChange?.(found.size);
    },
    signal,
    (el) => el.hasAttribute(OWN_ATTRIBUTE),
  );
  watcher.watch(document);
  scan(document);
  options.onChange?.(found.size);

  return {
    count: () => [...found].filter((f) => f.anchor.isConnected).length,
    markSent(documentUrl) {
      for (const f of found) if (f.resolve()?.url === documentUrl) f.button.setState('sent');
    },
  };
}
