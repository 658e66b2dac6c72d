/**
 * One MutationObserver for the page and every open shadow root it reaches. Work is batched: added
 * elements are collected and handed over once per task, reduced to the outermost ones still in the
 * page. Removals, attributes and text changes are never looked at.
 */
export interface AddedWatcher {
  /** Also watch an open shadow root (idempotent). */
  watch(root: Node): void;
}

export function watchAdded(onAdded: (elements: Element[]) => void, signal: AbortSignal, ignore: (el: Element) => boolean): AddedWatcher {
  const watched = new WeakSet<Node>();
  let pending: Element[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (signal.aborted) return;
    const batch = new Set(pending);
    pending = [];
    const outermost: Element[] = [];
    for (const el of batch) {
      if (!el.isConnected) continue;
      let ancestor = el.parentNode;
      while (ancestor && !(ancestor instanceof Element && batch.has(ancestor))) ancestor = ancestor.parentNode;
      if (!ancestor) outermost.push(el);
    }
    if (outermost.length > 0) onAdded(outermost);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node instanceof Element && !ignore(node)) pending.push(node);
      }
    }
    if (!scheduled && pending.length > 0) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  return {
    watch(root) {
      if (signal.aborted || watched.has(root)) return;
      watched.add(root);
      observer.observe(root, { childList: true, subtree: true });
    },
  };
}
