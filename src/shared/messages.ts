/**
 * Every runtime message, declared once: its request schema, its response type and who may send it.
 * The service worker's router (src/background/router.ts) looks a message up here, checks the sender,
 * validates the payload and only then runs the handler. Content scripts import this file for types
 * only (`import type`), so valibot never ships in the content script.
 */
import * as v from 'valibot';
import { anchorRulesSchema, templateMappingSchema, type AnchorRule, type SiteAdapter, type TemplateMapping } from './adapters.ts';
import type { AuthStatus, ServerSettings } from './auth.ts';
import type { UserCheckReport } from './check-api.ts';
import type { SiteStatus } from './sites.ts';
import { statusMessages } from './status-messages.ts';
import { templateMessages, templateUseSchema, textValuesSchema } from './template-messages.ts';
import { FIELD_LIMITS, FieldRequest, MAX_ANCHORS_PER_SIGNER } from './api-send.ts';
import { normalizePhone } from './phone.ts';
import { AUTHENTICATIONS, DELIVERIES, EMAIL } from './recipient-rules.ts';
import { DOCUMENT_LIMITS } from './document-limits.ts';

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

/** Largest document SignBridge fetches and uploads (DocuSign recommends at most 25 MB per file). */
export const MAX_DOCUMENT_BYTES = DOCUMENT_LIMITS.eachBytes;

const httpUrl = v.pipe(v.string(), v.maxLength(4096), v.url(), v.regex(/^https?:\/\//i, 'an http(s) URL'));
const uuid = v.pipe(v.string(), v.uuid());
const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const documentKinds = ['pdf', 'word', 'excel', 'powerpoint', 'image', 'text', 'html', 'other'] as const;

const documentRefSchema = v.strictObject({
  url: httpUrl,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  kind: v.picklist(documentKinds),
});

/** Record fields read from the page (attacker-controlled text: for prefill only). */
const fieldsSchema = v.pipe(
  v.record(v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/)), shortText(500)),
  v.check((r) => Object.keys(r).length <= 30, 'at most 30 fields'),
);

export const recipientSchema = v.pipe(
  v.strictObject({
    role: v.picklist(['signer', 'cc']),
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'every recipient needs a name'), v.maxLength(100)),
    email: v.pipe(v.string(), v.trim(), v.maxLength(100)),
    routingOrder: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(99)),
    /** Embedded signing: this signer signs now, on this device (DocuSign `clientUserId`). */
    signNow: v.boolean(),
    /** Signers: by e-mail, by SMS, or both (src/shared/api-send.ts). */
    delivery: v.optional(v.picklist(DELIVERIES), 'email'),
    /** As typed or found on the page; normalised by the server (src/shared/phone.ts). */
    phone: v.optional(shortText(40), ''),
    auth: v.optional(v.picklist(AUTHENTICATIONS), 'none'),
    /** With a template: the template role this signer fills (the server's `role`), and its text fields' values. */
    templateRole: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
    textValues: v.optional(textValuesSchema),
    /** Signers: fields placed in the dialog (the server's schema); the worker adds the anchored ones. */
    fields: v.optional(v.pipe(v.array(FieldRequest), v.maxLength(FIELD_LIMITS.maxPerSigner - MAX_ANCHORS_PER_SIGNER))),
  }),
  v.check((r) => (r.role === 'signer' && r.delivery === 'sms' && !r.signNow && r.email === '') || EMAIL.test(r.email), 'every recipient needs a valid email address'),
  v.check((r) => r.role === 'cc' || (r.delivery === 'email' && r.auth === 'none') || normalizePhone({ number: r.phone }).ok, 'enter the phone number with its country code, for example +1 415 555 0100'),
);
export type Recipient = v.InferOutput<typeof recipientSchema>;

/** What the page button shows about a document sent from its page. */
export interface SentView {
  /** When it was sent (epoch ms). */
  at: number;
  /** The first signer's name, and how many more recipients there were (absent on records of older versions). */
  to?: string | undefined;
  others?: number | undefined;
  /** How "Sign now" ended on this device, and when. */
  outcome?: 'signed' | 'declined' | undefined;
  outcomeAt?: number | undefined;
}

export interface ContentConfigResponse {
  /**
   * The adapters a content script picks from: an administrator's (storage.managed, validated) first, then
   * the built-in ones (src/background/adapters: none in a release). Not built into the content script.
   */
  adapters: SiteAdapter[];
  /** Documents already sent from this page, by document URL. */
  sent: Record<string, SentView>;
}

/**
 * How the send dialog is shown (chosen by the worker, src/background/platform.ts): `frame`, an iframe
 * over the page that talks to the content script over a MessagePort; `window`, an extension popup
 * window of its own that connects to the content script with `tabs.connect`.
 */
export type DialogPresentation = 'frame' | 'window';

export interface OpenDialogResponse {
  sessionId: string;
  /** Proves to the dialog that a MessagePort came from this content script and not from the page. */
  secret: string;
  maxBytes: number;
  presentation: DialogPresentation;
}

/** Who the envelope goes out as: the login and account selected for the page's site. */
export interface SendingAs {
  loginKey: string;
  accountId: string;
  /** "Sending as <name> · <account> (<site>)". */
  label: string;
}

export interface DialogSessionResponse {
  /** Chosen by the worker when the session was opened: a document already sent opens its status panel. */
  mode: 'send' | 'status';
  secret: string;
  document: v.InferOutput<typeof documentRefSchema>;
  page: { url: string; title: string };
  fields: Record<string, string>;
  /** The site adapter's anchor strings (the worker adds their fields at send; the dialog looks for them). */
  anchors?: AnchorRule[];
  sendingAs: SendingAs | null;
  /** Set when this document was already sent from this page (and, after Sign now, how signing ended). */
  sent: { envelopeId: string; at: number; outcome?: 'signed' | 'declined' | undefined } | null;
  maxBytes: number;
  presentation: DialogPresentation;
  /** `window` presentation: the content script's tab and frame, for `tabs.connect`. */
  opener: { tabId: number; frameId: number } | null;
  /** The site adapter's mappings for "Use a template" (src/shared/adapters.ts). */
  templates?: TemplateMapping[] | undefined;
}

export interface SendEnvelopeResponse {
  envelopeId: string;
  status: string;
  /** Signers who sign now on this device: the dialog offers "Sign now" for each. */
  signNow: { recipientId: string; name: string }[];
  /** True when this answer repeats an earlier success for the same idempotency key. */
  replayed: boolean;
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

export interface IdentityProviderView {
  id: string;
  /** The company: "Sign in with <name>". */
  name: string;
  /** The popup asks for a host permission on this origin at the click (the worker calls the provider). */
  issuer: string;
}

const identityProviderId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/** One document of a send, as the dialog holds it. */
const sendDocumentSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  mimeType: shortText(200),
  size: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_DOCUMENT_BYTES)),
  /**
   * The bytes stay where they are: a `blob:` URL of the extension's own origin, minted by the dialog
   * and read by the worker, so no runtime message carries (or re-encodes) the document.
   */
  blobUrl: v.pipe(v.string(), v.maxLength(200), v.regex(/^blob:[a-z-]+:\/\/[^/]+\/[0-9a-f-]{36}$/, 'a blob: URL')),
  /** Of the bytes the page (or the user's file) gave the dialog; the server's answer must report the same. */
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  /** A document of the page (its URL as the content script detected it): its button shows the send. */
  pageUrl: v.optional(httpUrl),
});

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
  /** The content script asks which administrator adapters apply and what it already sent from this page. */
  contentConfig: define<ContentConfigResponse>()({
    request: v.strictObject({ pageUrl: httpUrl }),
    senders: ['content'],
  }),
  /**
   * The user clicked a document's button: the worker injects the part of the content script that opens
   * the dialog (src/content/opener.ts) into the sender's frame.
   */
  loadOpener: define<{ loaded: true }>()({
    request: v.strictObject({}),
    senders: ['content'],
  }),
  /** The user clicked a document's button (a trusted click): open a send session for it. */
  openDialog: define<OpenDialogResponse>()({
    request: v.strictObject({
      document: documentRefSchema,
      page: v.strictObject({ url: httpUrl, title: shortText(300) }),
      fields: fieldsSchema,
      /** The page's adapter's template mappings (built in or an administrator's, validated when read). */
      templates: v.optional(v.pipe(v.array(templateMappingSchema), v.maxLength(20))),
      /** The adapter's (src/shared/adapters.ts): anchors only ever add fields a signer fills in. */
      anchors: v.optional(anchorRulesSchema),
    }),
    senders: ['content'],
  }),
  /** The dialog (in an iframe in the same tab, or in the window opened for it) claims its session, once. */
  dialogSession: define<DialogSessionResponse>()({
    request: v.strictObject({ sessionId: uuid }),
    senders: ['extension-page'],
  }),
  /** The dialog sends the documents; a retry reuses the idempotency key so nothing is sent twice. */
  sendEnvelope: define<SendEnvelopeResponse>()({
    request: v.strictObject({
      sessionId: uuid,
      idempotencyKey: uuid,
      loginKey: v.optional(shortText(200)),
      subject: v.pipe(v.string(), v.trim(), v.minLength(1, 'the subject is empty'), v.maxLength(100, 'DocuSign allows at most 100 characters in a subject')),
      message: shortText(10_000),
      recipients: v.pipe(
        v.array(recipientSchema),
        v.minLength(1, 'add at least one signer'),
        v.maxLength(20),
        v.check((list) => list.some((r) => r.role === 'signer'), 'add at least one signer'),
      ),
      /** In the order the envelope holds them (DocuSign's documentId 1, 2, …). */
      documents: v.pipe(
        v.array(sendDocumentSchema),
        v.minLength(1, 'add a document'),
        v.maxLength(DOCUMENT_LIMITS.count, `at most ${DOCUMENT_LIMITS.count} documents in one envelope`),
        v.check((list) => list.reduce((sum, d) => sum + d.size, 0) <= DOCUMENT_LIMITS.totalBytes, 'the documents are too large together'),
      ),
      /**
       * From a saved DocuSign template; `includeDocument`: the documents above are added to it (composite
       * templates), else the envelope holds the template's documents only.
       */
      template: v.optional(templateUseSchema),
    }),
    senders: ['extension-page'],
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
  /** Forget the login and account remembered for `site`: it sends from the global choice again. */
  authForgetSiteChoice: define<AuthStatus>()({
    request: v.strictObject({ site }),
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
  /** The companies whose members may sign in here (from the server's `GET /v1/config`). */
  memberProviders: define<{ providers: IdentityProviderView[] }>()({
    request: v.strictObject({}),
    senders: ['extension-page'],
  }),
  /** "Sign in with <company>": OpenID Connect in a new tab; the outcome arrives later as the member notice. */
  memberSignIn: define<ConnectResponse>()({
    request: v.strictObject({ identityProviderId }),
    senders: ['extension-page'],
  }),
  /** End the member's SignBridge session (on the server too) and forget the membership. */
  memberSignOut: define<{ signedOut: true }>()({
    request: v.strictObject({}),
    senders: ['extension-page'],
  }),
  memberDismissNotice: define<AuthStatus>()({
    request: v.strictObject({}),
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
  /** The dialog starts embedded signing for one of its signers; the worker opens DocuSign in a new tab. */
  startSigning: define<{ started: true }>()({
    request: v.strictObject({ sessionId: uuid, envelopeId: uuid, recipientId: v.pipe(v.string(), v.regex(/^[0-9]{1,9}$/)) }),
    senders: ['extension-page'],
  }),
  /** "Open in DocuSign" after a send: the worker opens the envelope in DocuSign's web app in a new tab (the URL never reaches the dialog). */
  openInDocuSign: define<{ opened: true }>()({
    request: v.strictObject({ sessionId: uuid, envelopeId: uuid }),
    senders: ['extension-page'],
  }),
  /** How that signing ended, once DocuSign sent the tab back (`null` while it is still open). */
  signingStatus: define<{ event: string | null }>()({
    request: v.strictObject({ sessionId: uuid, envelopeId: uuid, recipientId: v.pipe(v.string(), v.regex(/^[0-9]{1,9}$/)) }),
    senders: ['extension-page'],
  }),
  /** The popup's "Test connection": the login and account in use checked through the companion server (steps as codes). */
  connectionCheck: define<UserCheckReport>()({
    request: v.strictObject({}),
    senders: ['extension-page'],
  }),
  /** The popup: does SignBridge run on the active tab's site, and why (built-in, administrator, you)? */
  siteStatus: define<SiteStatus>()({
    request: v.strictObject({ url: httpUrl }),
    senders: ['extension-page'],
  }),
  /** The popup, after the browser granted the site's host permission: run the content script there from now on. */
  siteEnable: define<SiteStatus>()({
    request: v.strictObject({ url: httpUrl }),
    senders: ['extension-page'],
  }),
  /** The popup: stop running on the site and give its host permission back. */
  siteDisable: define<SiteStatus>()({
    request: v.strictObject({ url: httpUrl }),
    senders: ['extension-page'],
  }),
  ...statusMessages,
  ...templateMessages,
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
