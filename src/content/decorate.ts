/**
 * The decoration feature: find the documents on the page (adapter rows first, then generic links),
 * give each exactly one button, and keep that true for whatever the page adds or changes later, in the
 * document and in open shadow roots: rows rendered late, and rows a virtual list recycles in place
 * (the row element stays, its link and text change) are read again. Everything it adds goes away when
 * `signal` aborts.
 */
import type { SiteAdapter } from '../shared/adapters.ts';
import { stylePage, type ButtonView } from './button.ts';
import { documentFromLink, kindFromName, safeDecode, splitUrl, type DocumentRef } from './detect.ts';
import { LINK_SELECTOR, linkInfo, openShadowRoots, OWN_ATTRIBUTE } from './dom.ts';
import { watchChanges, type Changes } from './observer.ts';
import { settlePlacements } from './place.ts';
import { createSlots, type Slot } from './slots.ts';

export interface DecorateOptions {
  adapter: SiteAdapter | undefined;
  /** What a button says about the document it stands beside (sent, signed, opening…). */
  view(documentUrl: string): ButtonView;
  /** A trusted click on the button of `doc` (read again at click time). */
  onActivate(slot: Slot, doc: DocumentRef): void;
  /** Called after each batch with the number of documents decorated. */
  onChange?(count: number): void;
}

export interface Decoration {
  /** Every button says again what its document's state is (after a send, a signing, a dialog closing). */
  refresh(): void;
  /** The documents with a button on the page now, each once, in the order their buttons were made. */
  documents(): DocumentRef[];
}

const ROW_CONTAINER = 'tr, li, [role="row"]';
/**
 * How long a batch reads the rows and links it found (ms), and each task after it. The first slice delays
 * the page's next frame, so it is short: it covers the rows in view. The rest waits for that frame and is
 * read in as few tasks as keep the page answering a click within 200 ms (a "good" Interaction to Next
 * Paint): every task in between is followed by a frame that lays out all the page's rows again, which on a
 * 10,000-row table costs more than reading them (40 ms slices took 3.3 s to decorate it, one task 1.6 s).
 */
const FIRST_SLICE_MS = 8;
const LATER_SLICE_MS = 200;
/**
 * The first slice also ends once it has made a button for every 10 px of the window's height: more than a
 * window shows (a row is at least 16 px; this leaves room for two documents a row). Every button more in
 * that frame is layout the page waits for: on a grid whose links are cells, each is anchored out of the
 * flow, and 8 ms made 270 of them there, which made the frame that shows 1,000 new rows 74 ms later than
 * without SignBridge instead of 25 (test/bench/content.ts).
 */
const FIRST_SLICE_PX_PER_BUTTON = 10;
/**
 * Halfway through that many, the first slice decides which of its buttons stand in cells; if any do, it ends
 * there: each of those is laid out on its own, out of the flow, and the frame waits for them. On the bench's
 * grid (27 rows in the window) the frame that shows 1,000 new rows came 27–30 ms later than without
 * SignBridge with 72 such buttons, 16 ms with 36 (test/bench/content.ts).
 */
const CELLS_END_FIRST_SLICE_AT = 0.5;
/** Attributes whose change can make an element another document (or none). */
const LINK_ATTRIBUTES = ['href', 'data-download-url', 'data-href', 'type', 'download', 'title', 'aria-label'];

/**
 * What to scan for a batch of added elements: each of them, except that many siblings added
 * together (a library rendering its rows) are scanned through their parent in one pass.
 */
/**
 * More children than this added at once are many rows: they are scanned through their parent, and their open
 * shadow roots are looked for after the frame that shows them (`scan`).
 */
const MANY = 64;

export function scanRoots(added: readonly Element[], many = MANY): ParentNode[] {
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

/**
 * Elements to read, kept as the lists the queries returned: in a content script an element costs a wrapper
 * in this world when it is first touched, so the frame that shows 1,000 new rows pays only for the rows
 * its slice reads (on the bench's grid, 2,000 links), not for every one found.
 */
class Queue {
  private readonly lists: ArrayLike<Element>[] = [];
  private list = 0;
  private at = 0;
  /** Elements queued, and taken, since the queue was last empty. */
  queued = 0;
  taken = 0;

  add(list: ArrayLike<Element>): void {
    if (list.length === 0) return;
    this.lists.push(list);
    this.queued += list.length;
  }

  next(): Element | undefined {
    for (let list = this.lists[this.list]; list; list = this.lists[++this.list], this.at = 0) {
      if (this.at < list.length) {
        this.taken++;
        return list[this.at++];
      }
    }
    this.lists.length = this.list = this.at = this.queued = this.taken = 0;
    return undefined;
  }
}

export function decorate(signal: AbortSignal, options: DecorateOptions): Decoration {
  const { adapter } = options;
  let adapterBroken = false;
  const rowsActive = () => adapter !== undefined && !adapterBroken;
  const rowSlots = new WeakMap<Element, Slot>();
  /** Whether an open shadow root of the page's has been found (and watched). */
  let shadowsFound = false;

  // Read once per batch: `document.baseURI` is not free, and a scan may cover 10,000 links.
  let base = document.baseURI;

  const resolveLink = (el: Element): DocumentRef | undefined => {
    const info = linkInfo(el);
    return info ? documentFromLink(info, base) : undefined;
  };

  const resolveRow = (row: Element, anchor: Element, a: SiteAdapter): DocumentRef | undefined => {
    const raw = anchor.getAttribute(a.urlAttribute ?? 'href');
    const url = raw ? splitUrl(raw, base) : undefined;
    if (!url) return undefined;
    const nameEl = a.name ? row.querySelector(a.name) : anchor;
    const text = (nameEl?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const name = text || safeDecode(url.pathname.split('/').pop() ?? '') || 'document';
    const kind = kindFromName(name, true) ?? kindFromName(url.pathname, true) ?? 'other';
    return { url: url.href, name: name.slice(0, 200), kind };
  };

  const slots = createSlots({
    signal,
    scopeOf: (anchor) => anchor.closest(ROW_CONTAINER) ?? anchor.parentElement ?? anchor,
    // Links are found only in the document and in the open shadow roots found so far: with none found, every
    // link is in the document, and a 10,000-row library need not ask each one where it is.
    inPage: (anchor) => !shadowsFound || anchor.getRootNode() === document,
    view: (url) => options.view(url),
    onActivate(slot) {
      // Read again at click time: the page may have changed the element without telling anyone yet.
      const row = slot.scope && rowSlots.get(slot.scope) === slot ? slot.scope : undefined;
      if (row && adapter) considerRow(row, adapter);
      else considerLink(slot.anchor);
      settlePlacements();
      if (slot.doc && slot.button) options.onActivate(slot, slot.doc);
    },
  });
  signal.addEventListener(
    'abort',
    () => {
      slots.clear();
      stylePage(true);
    },
    { once: true },
  );

  const considerRow = (row: Element, a: SiteAdapter) => {
    const anchor = row.querySelector(a.link);
    let slot = rowSlots.get(row);
    if (!slot) {
      // A row whose link is not rendered yet is picked up when the link is added or changed.
      if (!anchor) return;
      const doc = resolveRow(row, anchor, a);
      if (!doc) return;
      slot = slots.join(anchor, row);
      rowSlots.set(row, slot);
      return slots.update(slot, doc);
    }
    if (anchor) slots.reanchor(slot, anchor);
    slots.update(slot, anchor ? resolveRow(row, anchor, a) : undefined);
  };

  /** `isLink`: known to match LINK_SELECTOR (found by it), so it need not be checked again. */
  const considerLink = (el: Element, isLink = false) => {
    if (rowsActive() && adapter && el.closest(adapter.rows)) return;
    const slot = slots.at(el);
    const doc = isLink || el.matches(LINK_SELECTOR) ? resolveLink(el) : undefined;
    if (slot) return slots.update(slot, doc);
    if (!doc) return;
    // One button per document per row: a name link and a "Download" link to the same file share it.
    slots.update(slots.join(el), doc);
  };

  const pendingUpgrades = new Set<Element>();
  let upgradeDelay = 100;
  const recheckUpgrades = () => {
    if (signal.aborted || pendingUpgrades.size === 0) return;
    for (const el of pendingUpgrades) {
      if (!el.isConnected) pendingUpgrades.delete(el);
      else if (el.matches(':defined')) {
        pendingUpgrades.delete(el);
        own(() => scan(el));
      }
    }
    // Content scripts have no `customElements` (it is null in the isolated world), so an element
    // defined later is rechecked with backoff instead of `whenDefined`.
    if (pendingUpgrades.size > 0 && upgradeDelay < 10_000) {
      setTimeout(recheckUpgrades, upgradeDelay);
      upgradeDelay *= 2;
    }
  };

  /**
   * Rows and links found and not read yet. Each batch reads them until its slice is up and leaves the rest
   * to tasks of its own after the next frame, one slice each: a page renders from the top, so the rows in
   * view get their buttons in the frame that first shows them, and that frame waits for one short slice, not
   * for every button of a 1,000-row list. Those queued by an earlier task may have left the page since.
   */
  const rowsToRead = new Queue();
  const linksToRead = new Queue();
  /** Roots of a large batch whose open shadow roots are looked for after the first slice (`scan`). */
  const shadowsToSearch: ParentNode[] = [];
  /** How many of each were queued before the task that reads now. */
  let earlier = { rows: 0, links: 0 };
  let later: MessageChannel | undefined;
  let scheduled = false;

  // Read when nothing waits for layout (at the start, and on a resize or a zoom): `innerHeight` may lay the page out.
  let firstButtons = 0;
  const measureWindow = () => (firstButtons = Math.max(32, Math.ceil(innerHeight / FIRST_SLICE_PX_PER_BUTTON)));
  measureWindow();
  addEventListener('resize', measureWindow, { passive: true, signal });

  /** Reads for `ms`; the first slice (`first`) also stops at `firstButtons` new buttons. */
  const readSlice = (ms = FIRST_SLICE_MS, first = true) => {
    const until = performance.now() + ms;
    const enough = first ? slots.live.size + firstButtons : Infinity;
    let halfway = first ? slots.live.size + Math.ceil(firstButtons * CELLS_END_FIRST_SLICE_AT) : Infinity;
    let n = 0;
    const inCells = () => {
      if (slots.live.size < halfway) return false;
      halfway = Infinity;
      return settlePlacements() > 0;
    };
    const timeUp = () => slots.live.size >= enough || inCells() || (++n % 16 === 0 && performance.now() > until);
    try {
      for (let row; adapter && rowsActive() && (row = rowsToRead.next()); ) {
        if (rowsToRead.taken > earlier.rows || row.isConnected) considerRow(row, adapter);
        if (timeUp()) return readLater();
      }
    } catch {
      // An administrator's adapter with an invalid selector: fall back to generic detection.
      adapterBroken = true;
    }
    for (let el; (el = linksToRead.next()); ) {
      if (linksToRead.taken > earlier.links || el.isConnected) considerLink(el, true);
      if (timeUp()) return readLater();
    }
    if (shadowsToSearch.length > 0) readLater();
  };

  /**
   * The rest waits for the next frame: a task posted now may run before it, and the page's rows would show
   * only once the rest's buttons are laid out too (some runs of the bench's 1,000-row list showed its rows
   * 60 ms later than without SignBridge instead of 12). A message posted from `requestAnimationFrame` runs
   * once that frame is done; a hidden tab has no frames, and the timeout serves it.
   */
  let waits = 0;
  /** Which wait is still for a frame (0: none): the timer or frame of an earlier one must not post for a later one. */
  let waiting = 0;
  const readLater = () => {
    if (scheduled) return;
    scheduled = true;
    const wait = (waiting = ++waits);
    const afterFrame = () => {
      if (waiting !== wait || !later) return;
      waiting = 0;
      later.port2.postMessage(0);
    };
    if (!later) {
      later = new MessageChannel();
      later.port1.onmessage = () => {
        scheduled = false;
        if (signal.aborted) return;
        own(() => {
          for (const root of shadowsToSearch.splice(0)) if (!(root instanceof Element) || root.isConnected) searchShadows(root);
        }, LATER_SLICE_MS, false);
        options.onChange?.(slots.live.size);
      };
    }
    requestAnimationFrame(afterFrame);
    setTimeout(afterFrame, 100);
  };

  /** Queues the rows, links and elements not defined yet in `scope` (itself included), not in its shadow roots. */
  const queueFrom = (scope: ParentNode) => {
    if (adapter && rowsActive()) {
      try {
        if (scope instanceof Element && scope.matches(adapter.rows)) considerRow(scope, adapter);
        rowsToRead.add(scope.querySelectorAll(adapter.rows));
      } catch {
        // An administrator's adapter with an invalid selector: fall back to generic detection.
        adapterBroken = true;
      }
    }
    if (scope instanceof Element && scope.matches(LINK_SELECTOR)) considerLink(scope, true);
    linksToRead.add(scope.querySelectorAll(LINK_SELECTOR));
    const undefinedElements = scope.querySelectorAll(':not(:defined)');
    if (undefinedElements.length > 0) {
      const wasIdle = pendingUpgrades.size === 0;
      for (const el of undefinedElements) pendingUpgrades.add(el);
      if (wasIdle) {
        upgradeDelay = 100;
        setTimeout(recheckUpgrades, upgradeDelay);
      }
    }
  };

  const searchShadows = (root: ParentNode) => {
    for (const shadow of openShadowRoots(root)) {
      shadowsFound = true;
      watcher.watch(shadow);
      queueFrom(shadow);
    }
  };

  /**
   * `root` and what it holds, in the document and in open shadow roots. Many rows at once (a root with
   * more than `MANY` children): their shadow roots are looked for after the first slice, because finding them
   * touches every element that may host one (on the bench's grid, 2,000 rows and cells) and the frame
   * that shows the rows would wait for it; the light DOM's rows in view get their buttons in that frame.
   */
  const scan = (root: ParentNode, large = false) => {
    if (adapter && rowsActive() && root instanceof Element) {
      try {
        const enclosing = root.parentElement?.closest(adapter.rows);
        if (enclosing) considerRow(enclosing, adapter);
      } catch {
        adapterBroken = true;
      }
    }
    queueFrom(root);
    if (large) shadowsToSearch.push(root);
    else searchShadows(root);
  };

  /** An element changed in place: the link or row it belongs to is read again. */
  const touch = (el: Element) => {
    if (adapter && rowsActive()) {
      try {
        const row = el.closest(adapter.rows);
        if (row) return considerRow(row, adapter);
      } catch {
        adapterBroken = true;
      }
    }
    if (slots.at(el)) return considerLink(el);
    const link = el.closest(LINK_SELECTOR);
    if (link) considerLink(link);
  };

  /**
   * The end of a batch: the buttons it placed settled in or out of the flow, and their style sheet in the
   * document, before the frame that shows them (again: the page may have replaced the document's adopted style
   * sheets, and no mutation says so). A page with no button gets no sheet.
   */
  const settle = () => {
    settlePlacements();
    if (slots.live.size > 0) stylePage();
  };

  let batches = 0;
  const onChanges = ({ added, touched, removed }: Changes) => {
    base = document.baseURI;
    earlier = { rows: rowsToRead.queued, links: linksToRead.queued };
    for (const el of removed) slots.removed(el);
    for (const root of scanRoots(added)) scan(root, root.childElementCount > MANY);
    for (const el of touched) touch(el);
    readSlice();
    settle();
    // Rows a virtual list dropped: forget them now and then, so detached rows are not kept alive.
    if (++batches % 32 === 0) slots.sweep();
    options.onChange?.(slots.live.size);
  };
  const attributes = [...LINK_ATTRIBUTES, adapter?.urlAttribute ?? 'href'];
  const watcher = watchChanges(onChanges, signal, (el) => el.hasAttribute(OWN_ATTRIBUTE), attributes);
  /** Scans outside a batch: unobserved, and the buttons they placed settled in or out of the flow at the end. */
  const own = (work: () => void, slice?: number, first?: boolean) =>
    watcher.quiet(() => {
      earlier = { rows: rowsToRead.queued, links: linksToRead.queued };
      work();
      readSlice(slice, first);
      settle();
    });
  watcher.watch(document);
  own(() => scan(document));
  options.onChange?.(slots.live.size);

  return {
    refresh: () => slots.refresh(),
    documents: () => {
      const found = new Map<string, DocumentRef>();
      for (const slot of slots.live) if (slot.doc && slot.anchor.isConnected && !found.has(slot.doc.url)) found.set(slot.doc.url, slot.doc);
      return [...found.values()];
    },
  };
}
