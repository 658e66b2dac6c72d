/**
 * The code that runs on Send and after it (later/index.ts: the form's checks, the request, the send,
 * the sent, failed and signing views) is not in the dialog's initial load, which has a budget
 * (test/unit/bundle-size.test.ts). It loads once the form has painted and the browser is idle, so Send
 * finds it there; a Send before then waits for it with the sending state shown (controller.ts). A chunk
 * of the extension's own package fails to load only when the extension went away under the page, and
 * then the browser removes this frame too.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FieldError } from './form-fields.ts';
import type * as Later from './later/index.ts';
import type { DialogState } from './state.ts';

export type LaterModule = typeof Later;

let loaded: LaterModule | undefined;
let loading: Promise<LaterModule> | undefined;

/** The module, loading it the first time. */
export function loadLater(): Promise<LaterModule> {
  loading ??= import('./later/index.ts').then((module) => (loaded = module));
  return loading;
}

/** The module if it has loaded. */
export const laterModule = (): LaterModule | undefined => loaded;

/**
 * The form's problems to show. None before the first refused Send, and that refusal came from the
 * module (it checks the form), so from then on it is there.
 */
export const shownErrors = (state: DialogState): FieldError[] => loaded?.fieldErrors(state) ?? [];

/** Starts loading the module after the first paint, once idle; the dialog renders again when it is there. */
export function useLater(): LaterModule | undefined {
  const [module, setModule] = useState(loaded);
  useEffect(() => {
    if (module) return undefined;
    const start = () => void loadLater().then(setModule);
    // At most a second behind the paint even on a busy machine (Firefox and Chromium both have it).
    const idle = requestIdleCallback(start, { timeout: 1_000 });
    return () => cancelIdleCallback(idle);
  }, []);
  // A Send before the idle callback loaded it already.
  return module ?? loaded;
}
