/**
 * One MutationObserver for the page and every open shadow root it reaches. Each delivery is handled at
 * once, in the observer's callback, before the browser paints what changed (decorate.ts reads the rows in
 * view there and the rest after the frame). A delivery is reduced to elements added (the outermost ones
 * still in the page), elements "touched" in place (a URL-bearing attribute changed, or the text or
 * children of an element changed: how a virtual list recycles a row) and elements removed. Mutations made only of SignBridge's own
 * elements are not looked at. The caller's own writes for a batch of many added elements (`onChanges`,
 * `quiet`) run with the observer disconnected, so they cost no records at all (one per button on a
 * 10,000-row library); those of a small batch (a few buttons) are dropped after the fact.
 */
/** More nodes than this added by one record are scanned through their parent. */
const BULK = 64;

export interface Changes {
  added: Element[];
  /** Elements changed in place (attribute, text, children), connected, in no particular order. */
  touched: Set<Element>;
  /** Elements removed from their parent (SignBridge's own included): a removed link may leave its button behind. */
  removed: Element[];
}

export interface ChangeWatcher {
  /** Also watch an open shadow root (idempotent). */
  watch(root: Node): void;
  /** Runs `work` (the caller's own DOM writes, no page script in between) unobserved. */
  quiet(work: () => void): void;
}

export function watchChanges(
  onChanges: (changes: Changes) => void,
  signal: AbortSignal,
  isOwn: (el: Element) => boolean,
  attributeFilter: string[],
): ChangeWatcher {
  const roots = new Set<Node>();
  const options: MutationObserverInit = { childList: true, subtree: true, characterData: true, attributeFilter };

  let paused = false;
  const quiet = (work: () => void) => {
    if (signal.aborted) return;
    if (paused) return work();
    paused = true;
    observer.disconnect();
    try {
      work();
    } finally {
      paused = false;
      // A shadow root whose host left the page is found again if the host comes back (it is added then).
      for (const root of roots) if (root.isConnected) observer.observe(root, options);
      else roots.delete(root);
    }
  };

  const handle = (records: MutationRecord[]) => {
    const added = new Set<Element>();
    const touched = new Set<Element>();
    const removed: Element[] = [];
    for (const record of records) {
      const target = record.target;
      if (record.type === 'childList') {
        let foreign = false;
        // Many children added to one element at once (a library rendering its rows): the element is
        // scanned as a whole (as `scanRoots` would), so they need not be looked at one by one (in a
        // content script each look costs a wrapper for the node).
        const bulk = record.addedNodes.length > BULK && target instanceof Element;
        if (bulk) added.add(target);
        else for (const node of record.addedNodes) {
          if (!(node instanceof Element)) foreign = true;
          else if (!isOwn(node)) {
            foreign = true;
            added.add(node);
          }
        }
        for (const node of record.removedNodes) {
          if (node instanceof Element) removed.push(node);
          if (!(node instanceof Element && isOwn(node))) foreign = true;
        }
        if (foreign && !bulk && target instanceof Element) touched.add(target);
      } else if (record.type === 'attributes') {
        if (target instanceof Element && !isOwn(target)) touched.add(target);
      } else if (target.parentElement) {
        touched.add(target.parentElement);
      }
    }
    const changes: Changes = { added: [], touched, removed };
    for (const el of added) {
      if (!el.isConnected) continue;
      let ancestor = el.parentNode;
      while (ancestor && !(ancestor instanceof Element && added.has(ancestor))) ancestor = ancestor.parentNode;
      if (!ancestor) changes.added.push(el);
    }
    for (const el of touched) if (!el.isConnected) touched.delete(el);
    // Many rows at once (or a container of many): unobserved, their buttons cost no records. A few
    // elements (a note, a recycled row): their few buttons' records are cheaper dropped than a disconnect.
    const many = changes.added.length > 32 || changes.added.some((el) => el.childElementCount > 32);
    if (many) return quiet(() => onChanges(changes));
    onChanges(changes);
    observer.takeRecords();
  };

  const observer = new MutationObserver(handle);
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  return {
    watch(root) {
      if (signal.aborted || roots.has(root)) return;
      roots.add(root);
      if (!paused) observer.observe(root, options);
    },
    quiet,
  };
}
