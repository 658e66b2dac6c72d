/**
 * How extension pages (popup, options, dialog) talk to the service worker. Types only from the message
 * declarations, so no schema library is bundled, and no polyfill (ext.ts). The content script has its
 * own twin, src/content/messaging.ts.
 */
import { ext } from './ext.ts';
import type { Envelope, MessageName, RequestOf, ResponseOf } from './messages.ts';
import type { Result } from './result.ts';

export async function call<K extends MessageName>(type: K, payload: RequestOf<K>): Promise<Result<ResponseOf<K>>> {
  const envelope: Envelope<K> = { type, payload };
  try {
    const answer: unknown = await ext().runtime.sendMessage(envelope);
    return answer as Result<ResponseOf<K>>;
  } catch (cause) {
    // The worker is unreachable only when the extension was reloaded or removed under this page.
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `SignBridge could not reach its background service (${String(cause)}). Reload the page.`,
      },
    };
  }
}
