/**
 * Clickjacking guard for the dialog, per presentation (src/background/platform.ts chooses it).
 *
 * `frame` (Chromium): the dialog's frame sits in the host page's DOM, so a hostile page
 * can make it transparent, cover it with a decoy or transform it, and steer a real (trusted) click onto
 * Send. Chromium's IntersectionObserver v2 (`trackVisibility`) reports `isVisible` only while the
 * target is unoccluded, unfiltered and at full opacity in the top-level page: the send controls work
 * only then.
 */
import { useEffect, useState } from 'preact/hooks';
import type { DialogPresentation } from '../shared/messages.ts';

/**
 * `window` (Firefox): the dialog is an extension window of its own, which no page can cover, fade or
 * frame. What a page can still try is timing: open the window (a trusted click on the button) right
 * under a click already on its way, such as the second half of a double click. So Send arms only after
 * the window has been visible and focused for this long, and disarms the moment it is not.
 */
export const WINDOW_ARM_DELAY_MS = 600;

function useSettledFocus(enabled: boolean): boolean | undefined {
  const [armed, setArmed] = useState<boolean>();
  useEffect(() => {
    if (!enabled) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      clearTimeout(timer);
      setArmed(false);
      if (document.visibilityState === 'visible' && document.hasFocus()) timer = setTimeout(() => setArmed(true), WINDOW_ARM_DELAY_MS);
    };
    update();
    addEventListener('focus', update);
    addEventListener('blur', update);
    document.addEventListener('visibilitychange', update);
    return () => {
      clearTimeout(timer);
      removeEventListener('focus', update);
      removeEventListener('blur', update);
      document.removeEventListener('visibilitychange', update);
    };
  }, [enabled]);
  return armed;
}

/** Whether Send (and Sign now) may act right now; undefined until the guard has decided. */
export function useSendGuard(element: Element | null, presentation: DialogPresentation | undefined): boolean | undefined {
  const framed = useFullyVisible(presentation === 'frame' ? element : null);
  const windowed = useSettledFocus(presentation === 'window');
  return presentation === 'window' ? windowed : framed;
}

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
