/** The active tab's address when it is a web page (`activeTab` lets the popup read it), else null. */
import browser from 'webextension-polyfill';
import { siteOf } from '../shared/sites.ts';

export async function activeTabUrl(): Promise<string | null> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.url !== undefined && siteOf(tab.url) !== null ? tab.url : null;
}
