/**
 * What a page needs only once the user clicks one of its buttons: the record's fields and the send
 * dialog (fetching the document, the port to the dialog's frame, Firefox's dialog window). Built as a
 * file of its own, which the service worker injects into the page's isolated world at the first click
 * (`loadOpener`, src/background/opener.ts), so that the script every page loads stays small. It hands
 * itself to the content script through that world's global object, which page scripts cannot see.
 */
import { openSendDialog } from './dialog.ts';
import { readFields } from './fields.ts';
import { OPENER, type Opener } from './opener-api.ts';

const opener: Opener = { openSendDialog, readFields };
(globalThis as Record<string, unknown>)[OPENER] = opener;
