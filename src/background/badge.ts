/**
 * The toolbar badge: how many documents SignBridge found on a tab's page. A page reports itself as it
 * loads, and the tab may be gone by the time the worker answers (a sign-in tab the worker closes the
 * moment it reaches the redirect page, a tab the user closed): that is expected, not an error, so it is
 * not reported as one (it would show on the extension's card in chrome://extensions).
 */
import browser from 'webextension-polyfill';

/** The part of `browser.action` the badge uses (a parameter, so tests pass their own). */
export interface BadgeApi {
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
}

/** The badge's colour: a fixed brand blue (the toolbar is not themed by our tokens). */
const BADGE_BLUE = '#1d4ed8';

/** Chromium: "No tab with id: 7."; Firefox: "Invalid tab ID: 7". */
const TAB_GONE = /no tab with id|invalid tab id/i;

export async function showDocumentCount(tabId: number, documents: number, action: BadgeApi = browser.action): Promise<void> {
  try {
    await action.setBadgeBackgroundColor({ tabId, color: BADGE_BLUE });
    await action.setBadgeText({ tabId, text: documents > 0 ? String(Math.min(documents, 999)) : '' });
  } catch (error) {
    if (!(error instanceof Error && TAB_GONE.test(error.message))) throw error;
  }
}
