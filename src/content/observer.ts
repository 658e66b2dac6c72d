/**
 * One MutationObserver for the page and every open shadow root it reaches. Work is batched once per
 * task: elements added (reduced to the outermost ones still in the page), and elements "touched" in
 * place: a URL-bearing attribute changed, or the text or children of an element changed. The touched
 * set is what lets recycled rows of virtual lists (the row stays, its link and text change) be read
 * again. Mutations made only of SignBridge's own elements are not looked at.
 */
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
  /**
   * Drop every record queued so far: only right after the first `watch` and the caller's own synchronous
   * work (its first scan), when no page script can have run in between.
   */
  dropOwn(): void;
}

export function watchChanges(
  onChanges: (changes: Changes) => void,
  signal: AbortSignal,
  isOwn: (el: Element) => boolean,
  attributes: readonly string[],
): ChangeWatcher {
  const watched = new WeakSet<Node>();
  let added: Element[] = [];
  let touched = new Set<Element>();
  let removed: Element[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (signal.aborted) return;
    collect(observer.takeRecords());
    const batch = new Set(added);
    const changes: Changes = { added: [], touched, removed };
    added = [];
    touched = new Set();
    removed = [];
    for (const el of batch) {
      if (!el.isConnected) continue;
      let ancestor = el.parentNode;
      while (ancestor && !(ancestor instanceof Element && batch.has(ancestor))) ancestor = ancestor.parentNode;
      if (!ancestor) changes.added.push(el);
    }
    for (const el of changes.touched) if (!el.isConnected) changes.touched.delete(el);
    if (changes.added.length > 0 || changes.touched.size > 0 || changes.removed.length > 0) onChanges(changes);
    // Only our own insertions happened since the line above (no page script runs in between): dropping
    // their records spares the observer one record per button (10,000 on a large library).
    observer.takeRecords();
  };

  const collect = (records: MutationRecord[]) => {
    for (const record of records) {
      const target = record.target;
      if (record.type === 'childList') {
        let foreign = false;
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) foreign = true;
          else if (!isOwn(node)) {
            foreign = true;
            added.push(node);
          }
        }
        for (const node of record.removedNodes) {
          if (node instanceof Element) removed.push(node);
          if (!(node instanceof Element && isOwn(node))) foreign = true;
        }
        if (foreign && target instanceof Element) touched.add(target);
      } else if (record.type === 'attributes') {
        if (target instanceof Element && !isOwn(target)) touched.add(target);
      } else if (target.parentElement) {
        touched.add(target.parentElement);
      }
    }
  };

  const observer = new MutationObserver((records) => {
    collect(records);
    if (!scheduled && (added.length > 0 || touched.size > 0 || removed.length > 0)) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  return {
    watch(root) {
      if (signal.aborted || watched.has(root)) return;
      watched.add(root);
      observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: [...attributes] });
    },
    dropOwn: () => void observer.takeRecords(),
  };
}
