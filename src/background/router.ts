/**
 * The single runtime-message listener's logic: look the message up, check who sent it, validate the
 * payload, run the handler, answer with a Result. Unknown messages and wrong senders are refused
 * with a code, never silently dropped. Pure apart from its inputs, so it is unit-tested as is.
 */
import * as v from 'valibot';
import { ErrorCodes } from '../shared/errors.ts';
import { messages, type MessageName, type RequestOf, type ResponseOf, type SenderKind } from '../shared/messages.ts';
import { err, type Result } from '../shared/result.ts';

/** The parts of `runtime.MessageSender` the router trusts or records. */
export interface SenderInfo {
  id?: string | undefined;
  url?: string | undefined;
  origin?: string | undefined;
  tab?: { id?: number | undefined } | undefined;
  frameId?: number | undefined;
}

export interface SenderContext {
  kind: SenderKind;
  /** The tab a content script (or an extension frame inside a page) runs in. */
  tabId: number | undefined;
  frameId: number | undefined;
  /** Attacker-controlled for content scripts: for display and matching only, never for authority. */
  url: string | undefined;
}

export type Handler<K extends MessageName> = (
  request: RequestOf<K>,
  sender: SenderContext,
) => Promise<Result<ResponseOf<K>>> | Result<ResponseOf<K>>;

export type Handlers = { [K in MessageName]: Handler<K> };

export interface RouterOptions {
  /** `runtime.id`: only our own extension's contexts may talk to the worker. */
  extensionId: string;
  /** `chrome-extension://<id>`: the origin our own pages load from. */
  extensionOrigin: string;
  onError?: (type: string, error: unknown) => void;
}

/** Decide which kind of context sent a message, from what the browser (not the page) tells us. */
export function classifySender(sender: SenderInfo, options: RouterOptions): SenderContext | null {
  if (sender.id !== options.extensionId) return null;
  const base = { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url };
  // An extension page's URL and origin are set by the browser and cannot be forged by a web page.
  // `origin` is Chrome-only; where present it must agree with the URL.
  const fromOurOrigin = sender.url !== undefined && sender.url.startsWith(`${options.extensionOrigin}/`);
  if (fromOurOrigin && (sender.origin === undefined || sender.origin === options.extensionOrigin)) {
    return { kind: 'extension-page', ...base };
  }
  if (sender.tab?.id !== undefined && !fromOurOrigin) return { kind: 'content', ...base };
  return null;
}

function isMessageName(type: unknown): type is MessageName {
  return typeof type === 'string' && Object.hasOwn(messages, type);
}

export function createRouter(handlers: Handlers, options: RouterOptions) {
  return async function route(message: unknown, sender: SenderInfo): Promise<Result<unknown>> {
    const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
    if (!isMessageName(type)) return err(ErrorCodes.UNKNOWN_MESSAGE, 'Unknown message.');
    const context = classifySender(sender, options);
    const def = messages[type];
    if (context === null || !def.senders.includes(context.kind)) {
      return err(ErrorCodes.FORBIDDEN_SENDER, `This context may not send "${type}".`);
    }
    const parsed = v.safeParse(def.request, (message as { payload?: unknown }).payload);
    if (!parsed.success) {
      const first = parsed.issues[0];
      return err(ErrorCodes.INVALID_MESSAGE, `Invalid "${type}" message: ${first?.message ?? 'bad payload'}.`);
    }
    try {
      // The lookup above ties `type` to its handler; TypeScript cannot follow that through the union.
      const handler = handlers[type] as Handler<typeof type>;
      return await handler(parsed.output, context);
    } catch (error) {
      options.onError?.(type, error);
      return err(ErrorCodes.INTERNAL, 'Something went wrong in SignBridge. Try again; if it keeps happening, reload the extension.');
    }
  };
}
