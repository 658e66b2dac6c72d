/**
 * Clickjacking guard for the dialog. The dialog's frame sits in the host page's DOM, so a hostile page
 * can make it transparent, cover it with a decoy or transform it, and steer a real (trusted) click onto
 * Send. Chromium's IntersectionObserver v2 (`trackVisibility`) reports `isVisible` only while the
 * target is unoccluded, unfiltered and at full opacity in the top-level page: the send controls work
 * only then.
 */
import { useEffect, useState } from 'preact/hooks';

/** `trackVisibility` and `isVisible` are Chromium-only and not yet in TypeScript's DOM types. */
interface VisibilityEntry extends IntersectionObserverEntry {
  readonly isVisible?: boolean;
}

export function watchVisibility(target: Element, onChange: (visible: boolean) => void): () => void {
  const observer = new IntersectionObserver(
    (entries) => {
      const last = entries[entries.length - 1] as VisibilityEntry | undefined;
      if (last) onChange(last.isVisible === true);
    },
    // 100 ms is the smallest delay Chromium accepts with trackVisibility.
    { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  observer.observe(target);
  return () => observer.disconnect();
}

/** Whether `element` is fully visible to the user right now; undefined until the browser has said. */
export function useFullyVisible(element: Element | null): boolean | undefined {
  const [visible, setVisible] = useState<boolean>();
  useEffect(() => (element ? watchVisibility(element, setVisible) : undefined), [element]);
  return visible;
}
