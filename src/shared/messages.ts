/**
 * Every runtime message, declared once: its request schema, its response type and who may send it.
 * The service worker's router (src/background/router.ts) looks a message up here, checks the sender,
 * validates the payload and only then runs the handler. Content scripts import this file for types
 * only (`import type`), so valibot never ships in the content script.
 */
import * as v from 'valibot';
import type { AuthStatus, ServerSettings } from './auth.ts';

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

const loginKey = v.pipe(v.string(), v.minLength(1), v.maxLength(512));
const accountId = v.pipe(v.string(), v.minLength(1), v.maxLength(128));
/** The page a send happens on; only its origin is kept. Page-controlled: it picks among the user's own choices only. */
const site = v.pipe(v.string(), v.maxLength(2048), v.url());

export interface ConnectResponse {
  /** The sign-in tab is open; the outcome arrives later as the status's `notice`. */
  started: true;
}

export interface TokenCheckResponse {
  loginKey: string;
  /** When the access token the worker now holds expires (epoch ms). The token itself never leaves the worker. */
  expiresAt: number;
}

export interface DisconnectResponse {
  /** True when a DocuSign sign-out tab was opened as asked. */
  signedOut: boolean;
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
  /** Linked logins, their accounts, the selection (for `site`, if given) and the outcome of the last linking attempt. */
  authStatus: define<AuthStatus>()({
    request: v.strictObject({ site: v.optional(site) }),
    senders: ['extension-page'],
  }),
  /**
   * Start linking in a new tab. `connect`: the first login (DocuSign may sign in silently); `add`: another
   * login (`prompt=login`); `reconnect`: the same login again after its refresh token stopped working.
   */
  authConnect: define<ConnectResponse>()({
    request: v.strictObject({
      mode: v.picklist(['connect', 'add', 'reconnect']),
      loginKey: v.optional(loginKey),
    }),
    senders: ['extension-page'],
  }),
  /**
   * Send from this login and account from now on (switches login and account in one step); with `site`,
   * remember it for that site only ("this CRM sends from that account").
   */
  authSelect: define<AuthStatus>()({
    request: v.strictObject({ loginKey, accountId, site: v.optional(site) }),
    senders: ['extension-page'],
  }),
  /** Re-read the login's accounts from DocuSign's userinfo. */
  authRefreshAccounts: define<AuthStatus>()({
    request: v.strictObject({ loginKey }),
    senders: ['extension-page'],
  }),
  /** Forget a login's tokens and data; optionally open DocuSign's sign-out page too. */
  authDisconnect: define<DisconnectResponse>()({
    request: v.strictObject({ loginKey, signOutOfDocuSign: v.boolean() }),
    senders: ['extension-page'],
  }),
  authDismissNotice: define<AuthStatus>()({
    request: v.strictObject({}),
    senders: ['extension-page'],
  }),
  /** Make sure the worker holds a usable access token for the login (refreshing if due); answers its expiry only. */
  authCheckToken: define<TokenCheckResponse>()({
    request: v.strictObject({ loginKey }),
    senders: ['extension-page'],
  }),
  settingsGet: define<ServerSettings>()({
    request: v.strictObject({}),
    senders: ['extension-page'],
  }),
  /** Save the companion server's URL (options page); `null` goes back to the built-in default. */
  settingsSave: define<ServerSettings>()({
    request: v.strictObject({ serverUrl: v.nullable(v.pipe(v.string(), v.maxLength(2048))) }),
    senders: ['extension-page'],
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
