/**
 * Every runtime message, declared once: its request schema, its response type and who may send it.
 * The service worker's router (src/background/router.ts) looks a message up here, checks the sender,
 * validates the payload and only then runs the handler. Content scripts import this file for types
 * only (`import type`), so valibot never ships in the content script.
 */
import * as v from 'valibot';

/** Who is talking: a content script in a web page, or one of our own extension pages (popup, options, dialog). */
export type SenderKind = 'content' | 'extension-page';

interface MessageDef<S extends v.GenericSchema, R> {
  readonly request: S;
  readonly senders: readonly SenderKind[];
  /** Phantom: the response type, never set at run time. */
  readonly response?: R;
}

const define = <R>() => <S extends v.GenericSchema>(def: Omit<MessageDef<S, R>, 'response'>): MessageDef<S, R> => def;

export interface PingResponse {
  /** Random per service-worker instance: a changed value proves the worker was restarted. */
  bootId: string;
  bootedAt: number;
  nonce: string;
}

export interface PageSeenResponse {
  recorded: true;
}

export const messages = {
  ping: define<PingResponse>()({
    request: v.strictObject({ nonce: v.pipe(v.string(), v.maxLength(64)) }),
    senders: ['content', 'extension-page'],
  }),
  /** The content script reports that it runs on a page and how many documents it found there. */
  pageSeen: define<PageSeenResponse>()({
    request: v.strictObject({ documents: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)) }),
    senders: ['content'],
  }),
} as const;

export type Messages = typeof messages;
export type MessageName = keyof Messages;
export type RequestOf<K extends MessageName> = v.InferOutput<Messages[K]['request']>;
export type ResponseOf<K extends MessageName> = NonNullable<Messages[K]['response']>;

/** The envelope every runtime message travels in. */
export interface Envelope<K extends MessageName = MessageName> {
  type: K;
  payload: RequestOf<K>;
}
