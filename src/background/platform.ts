/**
 * Where the browsers differ for the worker, one concern each. Everything here reads BUILD
 * (src/shared/build.ts); nothing else in the extension asks which browser it runs in.
 *
 * The send dialog's presentation is the clickjacking guard:
 * - Chromium: an iframe over the page, in the top layer, whose Send works only while
 *   IntersectionObserver v2 reports it fully visible (src/dialog/visibility.ts).
 * - Firefox has no IntersectionObserver v2, so a framed dialog could be faded or covered unseen. There
 *   the dialog opens in an extension popup window of its own (`windows.create`, type `popup`): a page
 *   can neither cover, fade nor frame it (the dialog is not web-accessible in the Firefox build), and
 *   Send arms only once that window has had the focus for a moment (against a click already on its way).
 */
import browser from 'webextension-polyfill';
import type { DialogPresentation } from '../shared/messages.ts';
import { BUILD } from '../shared/build.ts';

export const DIALOG_PRESENTATION: DialogPresentation = BUILD.browser === 'firefox' ? 'window' : 'frame';

const DIALOG_WINDOW = { width: 700, height: 800 };

/** Opens the dialog for `sessionId` in its own popup window; resolves with that window's tab id. */
export async function openDialogWindow(sessionId: string): Promise<number | undefined> {
  const url = browser.runtime.getURL(`src/dialog/index.html#${sessionId}`);
  const created = await browser.windows.create({ type: 'popup', url, ...DIALOG_WINDOW, focused: true });
  return created.tabs?.[0]?.id;
}

/** Closes the dialog window showing tab `tabId`, if it is still open. */
export async function closeDialogWindow(tabId: number): Promise<void> {
  await browser.tabs.remove(tabId).catch(() => undefined);
}
