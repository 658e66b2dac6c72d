/**
 * The content script's way to the service worker: `chrome.runtime.sendMessage` directly, so that no
 * polyfill ships in web pages (src/shared/rpc.ts is the same call for extension pages). Types only
 * from shared.
 */
import type { Envelope, MessageName, RequestOf, ResponseOf } from '../shared/messages.ts';
import type { Result } from '../shared/result.ts';
import { t } from './i18n.ts';

export async function call<K extends MessageName>(type: K, payload: RequestOf<K>): Promise<Result<ResponseOf<K>>> {
  const envelope: Envelope<K> = { type, payload };
  try {
    const answer: unknown = await chrome.runtime.sendMessage(envelope);
    return answer as Result<ResponseOf<K>>;
  } catch (cause) {
    return {
      ok: false,
      error: { code: 'internal', message: t('workerUnreachable', String(cause)) },
    };
  }
}
