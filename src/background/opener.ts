/**
 * `loadOpener`: at a page's first click, the part of the content script that opens the send dialog
 * (src/content/opener.ts, built by the extension plugin as a file of its own) is injected into the frame
 * of the content script that asks, in its isolated world. Only a content script may ask (messages.ts),
 * and only for its own frame.
 */
import openerFile from '../content/opener.ts?script&iife';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok } from '../shared/result.ts';
import type { Handlers } from './router.ts';

export const OPENER_FILE: string = openerFile;

export function createOpenerHandlers(inject = (tabId: number, frameId: number) =>
  chrome.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [OPENER_FILE] })): Pick<Handlers, 'loadOpener'> {
  return {
    async loadOpener(_request, sender) {
      if (sender.tabId === undefined) return err(ErrorCodes.FORBIDDEN_SENDER, 'Only a page may load the opener.');
      try {
        await inject(sender.tabId, sender.frameId ?? 0);
      } catch (cause) {
        return err(ErrorCodes.INTERNAL, `The send window could not be loaded into the page: ${String(cause)}`);
      }
      return ok({ loaded: true as const });
    },
  };
}
