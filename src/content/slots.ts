/**
 * Which element holds the button for which document, kept true while the page changes under it.
 * A slot is one place a document can stand (a link, or an adapter row's link); it knows the document it
 * shows now. Within a scope (a row) each document has one button, held by the first slot showing it;
 * when that slot comes to show something else (a recycled row), the button follows the document to
 * another slot of the scope or goes. What a button says is always derived from its slot's document.
 */
import { createButton, type ButtonView, type SendButton } from './button.ts';
import type { DocumentRef } from './detect.ts';
import { placeButton, unplaceButton } from './place.ts';

export interface Slot {
  /** The button sits right after this element. */
  anchor: Element;
  /** One button per document within a scope. */
  scope: Element;
  doc: DocumentRef | undefined;
  button: SendButton | undefined;
}

interface Scope {
  holders: Map<string, Slot>;
  members: Set<Slot>;
}

export interface SlotOptions {
  view(documentUrl: string): ButtonView;
  onActivate(slot: Slot): void;
}

export function createSlots(options: SlotOptions) {
  /** Slots holding a button. */
  const live = new Set<Slot>();
  const scopes = new WeakMap<Element, Scope>();
  const byAnchor = new WeakMap<Element, Slot>();
  const byHost = new WeakMap<Element, Slot>();

  const scopeOf = (el: Element): Scope => {
    let scope = scopes.get(el);
    if (!scope) {
      scope = { holders: new Map(), members: new Set() };
      scopes.set(el, scope);
    }
    return scope;
  };

  const render = (slot: Slot) => {
    if (slot.button && slot.doc) slot.button.show(slot.doc.name, options.view(slot.doc.url));
  };

  const drop = (slot: Slot) => {
    const button = slot.button;
    if (!button) return;
    slot.button = undefined;
    live.delete(slot);
    unplaceButton(slot.anchor, button.host);
    const scope = scopeOf(slot.scope);
    for (const [url, holder] of scope.holders) if (holder === slot) scope.holders.delete(url);
  };

  const claim = (slot: Slot, doc: DocumentRef) => {
    const scope = scopeOf(slot.scope);
    const holder = scope.holders.get(doc.url);
    if (holder && holder !== slot) {
      // A name link and a "Download" link to the same file share one button.
      if (holder.button && holder.doc?.url === doc.url && holder.anchor.isConnected) return;
      drop(holder);
    }
    const button = createButton(() => options.onActivate(slot));
    slot.button = button;
    byHost.set(button.host, slot);
    live.add(slot);
    scope.holders.set(doc.url, slot);
    render(slot);
    placeButton(slot.anchor, button.host);
  };

  /** The slot's document left it: its button goes, and another slot of the scope showing it takes one. */
  const release = (slot: Slot, url: string | undefined) => {
    drop(slot);
    if (url === undefined) return;
    const { members } = scopeOf(slot.scope);
    for (const other of members) {
      if (!other.anchor.isConnected) members.delete(other);
      else if (other !== slot && !other.button && other.doc?.url === url && other.anchor.isConnected) return claim(other, other.doc);
    }
  };

  return {
    live,
    join(anchor: Element, scope: Element): Slot {
      const slot: Slot = { anchor, scope, doc: undefined, button: undefined };
      scopeOf(scope).members.add(slot);
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
      slot.doc = doc;
      if (slot.button && doc && doc.url === before) {
        render(slot);
        placeButton(slot.anchor, slot.button.host);
        return;
      }
      if (slot.button) release(slot, before);
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
      for (const slot of live) {
        if (slot.anchor.isConnected) continue;
        drop(slot);
        scopeOf(slot.scope).members.delete(slot);
      }
    },
    clear() {
      for (const slot of [...live]) drop(slot);
    },
  };
}

export type Slots = ReturnType<typeof createSlots>;
