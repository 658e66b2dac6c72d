/**
 * Which element holds the button for which document, kept true while the page changes under it.
 * A slot is one place a document can stand (a link, or an adapter row's link); it knows the document it
 * shows now. Within a scope (a row) each document has one button, held by the first slot showing it;
 * when that slot comes to show something else (a recycled row), the button follows the document to
 * another slot of the scope or goes. What a button says is always derived from its slot's document.
 */
import { SendButton, type ButtonView } from './button.ts';
import type { DocumentRef } from './detect.ts';
import { placeButton, unplaceButton } from './place.ts';

export interface Slot {
  /** The button sits right after this element. */
  anchor: Element;
  /**
   * One button per document within a scope (a row). Found only when a second slot shows the same document:
   * most documents are on one row, and finding every link's row costs a 10,000-row library a wrapper per row.
   */
  scope: Element | undefined;
  doc: DocumentRef | undefined;
  button: SendButton | undefined;
}

export interface SlotOptions {
  /** The scope of a link slot, found when it is first needed. */
  scopeOf(anchor: Element): Element;
  /** Whether `anchor` is in the document's own tree (not in a page's shadow root): its button is styled by the page's sheet. */
  inPage(anchor: Element): boolean;
  view(documentUrl: string): ButtonView;
  /** A trusted click on the slot's button. */
  onActivate(slot: Slot): void;
  /** Removes the click listener. */
  signal: AbortSignal;
}

export function createSlots(options: SlotOptions) {
  /** Slots holding a button. */
  const live = new Set<Slot>();
  /**
   * The slots showing each document URL (a URL is usually on one row: one short list per document, no
   * per-row bookkeeping, which on a 10,000-row library costs as much as the buttons).
   */
  const showing = new Map<string, Slot[]>();
  const byAnchor = new WeakMap<Element, Slot>();
  const byHost = new WeakMap<EventTarget, Slot>();

  // One listener for every button, first of all (the window, capturing): the row around a button may
  // navigate on click, so the page never sees a click on ours. A click the page synthesised (`isTrusted`
  // false, e.g. `button.click()` from script) does nothing.
  addEventListener(
    'click',
    (event) => {
      for (const target of event.composedPath()) {
        const slot = byHost.get(target);
        if (!slot) continue;
        event.preventDefault();
        event.stopPropagation();
        if (event.isTrusted && slot.button?.host === target) options.onActivate(slot);
        return;
      }
    },
    { capture: true, signal: options.signal },
  );

  const scopeOf = (slot: Slot) => (slot.scope ??= options.scopeOf(slot.anchor));

  const render = (slot: Slot) => {
    if (slot.button && slot.doc) slot.button.show(slot.doc.name, options.view(slot.doc.url));
  };

  const drop = (slot: Slot) => {
    const button = slot.button;
    if (!button) return;
    slot.button = undefined;
    live.delete(slot);
    unplaceButton(slot.anchor, button.host);
  };

  const forget = (slot: Slot, url: string) => {
    const list = showing.get(url);
    const at = list?.indexOf(slot) ?? -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    if (list.length === 0) showing.delete(url);
  };

  const claim = (slot: Slot, doc: DocumentRef) => {
    let list = showing.get(doc.url);
    if (!list) showing.set(doc.url, (list = []));
    for (const other of list) {
      if (other === slot || !other.button || scopeOf(other) !== scopeOf(slot)) continue;
      // A name link and a "Download" link to the same file share one button.
      if (other.anchor.isConnected) {
        if (!list.includes(slot)) list.push(slot);
        return;
      }
      drop(other);
    }
    if (!list.includes(slot)) list.push(slot);
    const button = new SendButton(options.inPage(slot.anchor));
    slot.button = button;
    byHost.set(button.host, slot);
    live.add(slot);
    render(slot);
    placeButton(slot.anchor, button.host, true);
  };

  /** The slot's document left it: its button goes, and another slot of the scope showing it takes one. */
  const release = (slot: Slot, url: string | undefined) => {
    const had = slot.button !== undefined;
    drop(slot);
    if (url === undefined) return;
    forget(slot, url);
    if (!had) return;
    const heir = showing.get(url)?.find((o) => o !== slot && !o.button && o.anchor.isConnected && o.doc?.url === url && scopeOf(o) === scopeOf(slot));
    if (heir?.doc) claim(heir, heir.doc);
  };

  return {
    live,
    /** The slot of a link (an adapter row's slot is found by its row). */
    at: (anchor: Element) => byAnchor.get(anchor),
    join(anchor: Element, scope?: Element): Slot {
      const slot: Slot = { anchor, scope, doc: undefined, button: undefined };
      byAnchor.set(anchor, slot);
      return slot;
    },
    /** An adapter row whose link element was replaced: the slot follows the new element. */
    reanchor(slot: Slot, anchor: Element) {
      if (slot.anchor === anchor) return;
      const { button } = slot;
      if (button) unplaceButton(slot.anchor, button.host);
      slot.anchor = anchor;
      byAnchor.set(anchor, slot);
      if (button) placeButton(anchor, button.host);
    },
    /** The slot's element now shows `doc` (or no document at all). */
    update(slot: Slot, doc: DocumentRef | undefined) {
      const before = slot.doc?.url;
      if (doc && doc.url === before) {
        slot.doc = doc;
        if (slot.button) {
          render(slot);
          placeButton(slot.anchor, slot.button.host);
        }
        return;
      }
      release(slot, before);
      slot.doc = doc;
      if (doc) claim(slot, doc);
    },
    /** An element left its place: a link's button must not stay behind, our own button comes back. */
    removed(el: Element) {
      const ofAnchor = byAnchor.get(el);
      if (ofAnchor?.anchor === el && ofAnchor.button) {
        if (el.isConnected) placeButton(el, ofAnchor.button.host);
        else release(ofAnchor, ofAnchor.doc?.url);
        return;
      }
      const ofHost = byHost.get(el);
      if (ofHost?.button?.host === el && ofHost.anchor.isConnected) placeButton(ofHost.anchor, ofHost.button.host);
    },
    /** Show every button again (the state of a document changed). */
    refresh() {
      for (const slot of live) render(slot);
    },
    /** Forget slots whose element left the page. */
    sweep() {
      for (const [url, list] of showing) {
        const kept = list.filter((slot) => slot.anchor.isConnected || (drop(slot), false));
        if (kept.length === 0) showing.delete(url);
        else if (kept.length !== list.length) showing.set(url, kept);
      }
    },
    clear() {
      for (const slot of [...live]) drop(slot);
      showing.clear();
    },
  };
}

export type Slots = ReturnType<typeof createSlots>;
