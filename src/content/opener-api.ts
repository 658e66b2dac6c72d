/**
 * The content script's side of the opener (src/content/opener.ts): asks the worker to inject it at the
 * first click and finds it in the isolated world's global object. Once loaded it stays for the page.
 */
import type { openSendDialog } from './dialog.ts';
import type { readFields } from './fields.ts';
import { t } from './i18n.ts';
import { call } from './messaging.ts';

/** The isolated world's global the opener sets; the page's own `window` properties are not seen there. */
export const OPENER = 'signbridgeOpener';

export interface Opener {
  openSendDialog: typeof openSendDialog;
  readFields: typeof readFields;
}

let loading: Promise<Opener | string> | undefined;

/** The opener, or the message saying why it could not be loaded (asked again at the next click). */
export function loadOpener(): Promise<Opener | string> {
  loading ??= call('loadOpener', {}).then((loaded) => {
    const opener = (globalThis as unknown as Record<string, Opener | undefined>)[OPENER];
    if (loaded.ok && opener) return opener;
    loading = undefined;
    return loaded.ok ? t('openerUnavailable') : loaded.error.message;
  });
  return loading;
}
