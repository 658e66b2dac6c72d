/**
 * Worker side of sending a page's document: administrator adapters for content scripts, send
 * sessions shared by a content script and its dialog, the upload to the companion server, and the
 * "sent" record per page and document. The content script never sees a token: it opens a session;
 * the dialog (an extension page) sends; the worker adds the token and talks to the server.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { ACCOUNT_HEADER, ENVELOPE_DOCUMENT_PART, ENVELOPE_REQUEST_PART, IDEMPOTENCY_KEY_HEADER, REQUEST_ID_HEADER } from '../shared/api.ts';
import { anchorRulesSchema, MANAGED_ADAPTERS_KEY, MAX_MANAGED_ADAPTERS, siteAdapterSchema, templateMappingSchema, type SiteAdapter } from '../shared/adapters.ts';
import { ErrorCodes, type ErrorCode } from '../shared/errors.ts';
import { documentKinds, MAX_DOCUMENT_BYTES, type SendEnvelopeResponse, type SendingAs } from '../shared/messages.ts';
import { DOCUMENT_LIMITS } from '../shared/document-limits.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { builtinAdapters } from './adapters/index.ts';
import type { Handlers } from './router.ts';
import { buildEnvelopeRequest, checkReceived, readServerAnswer } from './send-request.ts';
import { DIALOG_PRESENTATION, openDialogWindow } from './platform.ts';
import { defineItem } from './storage.ts';

const SESSION_TTL_MS = 60 * 60 * 1000;
const MAX_SESSIONS = 20;
const MAX_SENT_RECORDS = 2000;

const sessionSchema = v.object({
  tabId: v.number(),
  /** The content script's frame in that tab. */
  frameId: v.optional(v.number()),
  /** `window` presentation: the tab of the window the dialog was opened in (platform.ts). */
  dialogTabId: v.optional(v.number()),
  secret: v.string(),
  /** `status`: the document was already sent from this page, so the dialog opens its status panel. */
  mode: v.optional(v.picklist(['send', 'status'])),
  claimed: v.boolean(),
  createdAt: v.number(),
  document: v.object({ url: v.string(), name: v.string(), kind: v.picklist(documentKinds) }),
  page: v.object({ url: v.string(), title: v.string() }),
  fields: v.record(v.string(), v.string()),
  templates: v.optional(v.array(templateMappingSchema)),
  /** The site adapter's anchor strings (sessions of older versions have none). */
  anchors: v.optional(anchorRulesSchema),
});

/** Open send sessions (in memory, trusted contexts only): they hold the channel secret. */
export const dialogSessions = defineItem('session', 'dialogSessions', v.record(v.string(), sessionSchema), {});

type Session = v.InferOutput<typeof sessionSchema>;

/** The tab the dialog of `session` runs in, the only one that may claim and use it. */
export const dialogTabOf = (session: Session): number | undefined =>
  DIALOG_PRESENTATION === 'window' ? session.dialogTabId : session.tabId;

/** Windows being opened for a session, so a dialog that claims before its tab id is stored waits for it. */
const openingWindows = new Map<string, Promise<unknown>>();

/** Documents sent, per page and document (`documentKey`), so a reload still shows "Sent". */
export const sentDocuments = defineItem(
  'local',
  'sentDocuments',
  v.record(
    v.string(),
    v.object({
      envelopeId: v.string(),
      at: v.number(),
      /** The first signer's name and how many other recipients: the page button says "Sent to Ann Lee +1, 3 Dec". */
      to: v.optional(v.string()),
      others: v.optional(v.number()),
      outcome: v.optional(v.picklist(['signed', 'declined'])),
      outcomeAt: v.optional(v.number()),
    }),
  ),
  {},
);

/** Records how Sign now ended for a sent document, so a reload shows "Signed" or "Declined" like "Sent". */
export async function recordOutcome(documentKey: string, envelopeId: string, outcome: 'signed' | 'declined', at = Date.now()): Promise<void> {
  await sentDocuments.update((sent) => {
    const entry = sent[documentKey];
    // Only the envelope the button last sent: an outcome of an older envelope of the same document must not overwrite it.
    if (entry && entry.envelopeId === envelopeId) sent[documentKey] = { ...entry, outcome, outcomeAt: at };
    return sent;
  });
}

/** Successful sends by idempotency key: a retry after an answer was lost replays, never resends. */
export const completedSends = defineItem(
  'local',
  'completedSends',
  v.record(
    v.string(),
    v.object({
      envelopeId: v.string(),
      status: v.string(),
      signNow: v.optional(v.array(v.object({ recipientId: v.string(), name: v.string() })), []),
      at: v.number(),
    }),
  ),
  {},
);

/** Same key as the content script's `documentKey` (src/content/detect.ts): page without query or fragment. */
export function pageDocumentKey(pageUrl: string, documentUrl: string): string {
  const page = new URL(pageUrl);
  return `${page.origin}${page.pathname}|${documentUrl}`;
}

/** Adapters from `storage.managed`; an invalid one is dropped (and logged), never trusted. */
export function validateManagedAdapters(raw: unknown, warn: (message: string) => void = () => {}): SiteAdapter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    warn(`storage.managed "${MANAGED_ADAPTERS_KEY}" is not an array; ignored.`);
    return [];
  }
  const adapters: SiteAdapter[] = [];
  for (const [index, item] of raw.slice(0, MAX_MANAGED_ADAPTERS).entries()) {
    const parsed = v.safeParse(siteAdapterSchema, item);
    if (parsed.success) adapters.push(parsed.output);
    else warn(`storage.managed "${MANAGED_ADAPTERS_KEY}"[${index}] is invalid (${parsed.issues[0]?.message ?? 'bad shape'}); ignored.`);
  }
  return adapters;
}

async function readManagedAdapters(): Promise<SiteAdapter[]> {
  try {
    const raw: Record<string, unknown> = await browser.storage.managed.get(MANAGED_ADAPTERS_KEY);
    return validateManagedAdapters(raw[MANAGED_ADAPTERS_KEY], (m) => console.warn(`[signbridge] ${m}`));
  } catch {
    // No policy for this extension (or no managed storage at all): no administrator adapters.
    return [];
  }
}

const sameOrigin = (a: string | undefined, b: string) => {
  try {
    return a !== undefined && new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}


export interface AccessGrant {
  accessToken: string;
  accountId: string;
  /** The companion server the login was linked through: the token goes there and nowhere else. */
  serverUrl: string;
}

export interface DocumentDeps {
  /**
   * From the DocuSign linking feature: a fresh access token and the account to send from, for the
   * login selected for the page's site (or the login asked for).
   */
  getAccessToken(site: string | undefined, loginKey: string | undefined): Promise<Result<AccessGrant>>;
  /** "Sending as <login> · <account>" for the page's site, or null when no login is linked. */
  sendingAs(site: string): Promise<SendingAs | null>;
  /**
   * The server answered 401 to this credential: a linked login is marked needs-reconnect, a member
   * session is forgotten. Answers the code the refusal is reported with: `needs_reconnect` for a login
   * (the dialog's cue to offer Reconnect, errors.ts), null to keep the server's own code.
   */
  credentialRefused?(accessToken: string): Promise<ErrorCode | null>;
  /** The companion server's base URL in use (policy, options page or default), null when none is set. */
  serverUrl(): Promise<string | null>;
  fetch: typeof fetch;
  now(): number;
  /** This extension's origin (`chrome-extension://<id>`): the only one whose blob: URLs the worker reads. */
  extensionOrigin: string;
}

type DocumentHandlers = Pick<Handlers, 'contentConfig' | 'openDialog' | 'dialogSession' | 'sendEnvelope'>;

export function createDocumentHandlers(deps: DocumentDeps): DocumentHandlers {
  const inFlight = new Map<string, Promise<Result<SendEnvelopeResponse>>>();

  const findSession = async (sessionId: string, tabId: number | undefined) => {
    const sessions = await dialogSessions.get();
    const session = sessions[sessionId];
    if (!session || dialogTabOf(session) !== tabId || deps.now() - session.createdAt > SESSION_TTL_MS) return undefined;
    return session;
  };

  /** The dialog's bytes, read from its blob: URL (our origin only), if they have the announced size. */
  const handedOver = async (blobUrl: string, size: number): Promise<Blob | undefined> => {
    if (!blobUrl.startsWith(`blob:${deps.extensionOrigin}/`)) return undefined;
    try {
      const blob = await (await deps.fetch(blobUrl)).blob();
      return blob.size === size ? blob : undefined;
    } catch {
      // Revoked (the dialog closed) or never ours.
      return undefined;
    }
  };

  /** Every document's bytes, in order, or undefined when any one is not what the dialog announced. */
  const handedOverAll = async (documents: readonly { blobUrl: string; size: number }[]): Promise<Blob[] | undefined> => {
    const blobs: Blob[] = [];
    let total = 0;
    for (const { blobUrl, size } of documents) {
      const blob = await handedOver(blobUrl, size);
      if (!blob) return undefined;
      total += blob.size;
      // The schema bounded the announced sizes; each blob has its announced size, so this holds: kept as the last word.
      if (total > DOCUMENT_LIMITS.totalBytes) return undefined;
      blobs.push(blob);
    }
    return blobs;
  };

  const upload = async (request: Parameters<DocumentHandlers['sendEnvelope']>[0], tabId: number | undefined) => {
    const session = await findSession(request.sessionId, tabId);
    if (!session?.claimed) return err(ErrorCodes.SESSION_EXPIRED, 'This send window has expired. Close it and click the document’s button again.');
    // With a template, the dialog's documents go along only when asked for (DocuSign's composite templates).
    const withDocument = request.template?.includeDocument ?? true;
    const sending = withDocument ? request.documents : [];
    const blobs = await handedOverAll(sending);
    if (!blobs) return err(ErrorCodes.INVALID_MESSAGE, 'A document changed while it was being prepared. Close the window and try again.');
    const grant = await deps.getAccessToken(session.page.url, request.loginKey);
    if (!grant.ok) return grant;
    const json = buildEnvelopeRequest({
      accountId: grant.value.accountId,
      subject: request.subject,
      message: request.message,
      recipients: request.recipients,
      fields: session.fields,
      source: { url: session.page.url, title: session.page.title },
      ...(request.template ? { templateId: request.template.templateId } : {}),
      anchors: session.anchors ?? [],
    });
    const form = new FormData();
    // A text part: the server takes `request` as a field, not as a file.
    form.append(ENVELOPE_REQUEST_PART, JSON.stringify(json));
    // In the dialog's order (the server numbers them 1, 2, …). Each Blob as is: fetch streams it, the
    // worker never holds a document as a string or a copy.
    for (const [i, document] of sending.entries()) {
      form.append(ENVELOPE_DOCUMENT_PART, new Blob([blobs[i] as Blob], { type: document.mimeType || 'application/octet-stream' }), document.name);
    }
    let response: Response;
    try {
      response = await deps.fetch(`${grant.value.serverUrl.replace(/\/+$/, '')}/v1/envelopes`, {
        method: 'POST',
        // A new request id per attempt (the key stays): the server logs it and passes it to DocuSign as the
        // X-DocuSign-TraceToken, so one attempt can be followed from here to DocuSign's support tools.
        headers: {
          Authorization: `Bearer ${grant.value.accessToken}`,
          [IDEMPOTENCY_KEY_HEADER]: request.idempotencyKey,
          [REQUEST_ID_HEADER]: crypto.randomUUID(),
          [ACCOUNT_HEADER]: grant.value.accountId,
        },
        body: form,
        credentials: 'omit',
      });
    } catch {
      return err(ErrorCodes.SERVER_UNREACHABLE, 'The SignBridge server cannot be reached. Check your connection and try again; nothing was sent twice.');
    }
    const body: unknown = await response.json().catch(() => undefined);
    const read = readServerAnswer({ status: response.status, body });
    const refusedAs = response.status === 401 ? await deps.credentialRefused?.(grant.value.accessToken) : null;
    const answer = read.ok ? checkReceived(read.value, sending.map((d) => d.sha256)) : refusedAs ? err(refusedAs, read.error.message) : read;
    if (!answer.ok) return answer;
    const { received: _received, ...sentEnvelope } = answer.value;
    const at = deps.now();
    await completedSends.update((completed) => {
      const keys = Object.keys(completed);
      for (const old of keys.slice(0, Math.max(0, keys.length - 199))) delete completed[old];
      completed[request.idempotencyKey] = { ...sentEnvelope, at };
      return completed;
    });
    // A template sent without the page's document did not send that document: its button stays as it was.
    if (withDocument) await sentDocuments.update((sent) => {
      const sentKeys = Object.keys(sent);
      for (const old of sentKeys.slice(0, Math.max(0, sentKeys.length - MAX_SENT_RECORDS + 1))) delete sent[old];
      const signer = request.recipients.find((r) => r.role === 'signer');
      // Every document of the page in the envelope: each one's button says it was sent (a file from the
      // computer has no button). Keyed under the session's page only, whatever the dialog names.
      for (const { pageUrl } of sending) {
        if (pageUrl === undefined) continue;
        sent[pageDocumentKey(session.page.url, pageUrl)] = {
          envelopeId: answer.value.envelopeId,
          at,
          ...(signer ? { to: signer.name.slice(0, 100), others: request.recipients.length - 1 } : {}),
        };
      }
      return sent;
    });
    return ok({ ...sentEnvelope, replayed: false });
  };

  return {
    async contentConfig({ pageUrl }, sender) {
      if (!sameOrigin(sender.url, pageUrl)) return err(ErrorCodes.FORBIDDEN_SENDER, 'A page may only ask about itself.');
      const [adapters, sentRecords] = await Promise.all([readManagedAdapters(), sentDocuments.get()]);
      const prefix = pageDocumentKey(pageUrl, '');
      const sent = Object.fromEntries(
        Object.entries(sentRecords)
          .filter(([key]) => key.startsWith(prefix))
          .map(([key, { envelopeId: _id, ...view }]) => [key.slice(prefix.length), view]),
      );
      // The administrator's adapters first, so a policy can override a built-in one.
      return ok({ adapters: [...adapters, ...builtinAdapters], sent });
    },

    async openDialog(request, sender) {
      if (sender.tabId === undefined || !sameOrigin(sender.url, request.page.url)) {
        return err(ErrorCodes.FORBIDDEN_SENDER, 'Only the page itself may open a send window.');
      }
      const { tabId } = sender;
      const frameId = sender.frameId ?? 0;
      const now = deps.now();
      const sessionId = crypto.randomUUID();
      const secret = randomSecret();
      const mode = (await sentDocuments.get())[pageDocumentKey(request.page.url, request.document.url)] ? 'status' : 'send';
      await dialogSessions.update((sessions) => {
        const kept = Object.entries(sessions)
          .filter(([, s]) => now - s.createdAt < SESSION_TTL_MS)
          .sort(([, a], [, b]) => b.createdAt - a.createdAt)
          .slice(0, MAX_SESSIONS - 1);
        return { ...Object.fromEntries(kept), [sessionId]: { tabId, frameId, secret, mode, claimed: false, createdAt: now, ...request } };
      });
      if (DIALOG_PRESENTATION === 'window') {
        const opening = openDialogWindow(sessionId).then((dialogTabId) =>
          dialogSessions.update((sessions) => {
            const found = sessions[sessionId];
            return found && dialogTabId !== undefined ? { ...sessions, [sessionId]: { ...found, dialogTabId } } : sessions;
          }),
        );
        openingWindows.set(sessionId, opening);
        await opening.finally(() => openingWindows.delete(sessionId));
      }
      return ok({ sessionId, secret, maxBytes: MAX_DOCUMENT_BYTES, presentation: DIALOG_PRESENTATION });
    },

    async dialogSession({ sessionId }, sender) {
      // Claimed once, atomically: a second copy of the dialog (say, one the page framed itself) gets nothing,
      // even when both ask at the same moment.
      let session: Awaited<ReturnType<typeof findSession>>;
      await openingWindows.get(sessionId)?.catch(() => undefined);
      await dialogSessions.update((sessions) => {
        const found = sessions[sessionId];
        if (!found || found.claimed || dialogTabOf(found) !== sender.tabId || deps.now() - found.createdAt > SESSION_TTL_MS) return sessions;
        session = found;
        return { ...sessions, [sessionId]: { ...found, claimed: true } };
      });
      if (!session) {
        return err(ErrorCodes.SESSION_EXPIRED, 'This send window has expired. Close it and click the document’s button again.');
      }
      const sent = (await sentDocuments.get())[pageDocumentKey(session.page.url, session.document.url)] ?? null;
      return ok({
        mode: session.mode ?? 'send',
        secret: session.secret,
        document: session.document,
        page: session.page,
        fields: session.fields,
        ...(session.templates ? { templates: session.templates } : {}),
        anchors: session.anchors ?? [],
        sendingAs: await deps.sendingAs(session.page.url),
        sent,
        maxBytes: MAX_DOCUMENT_BYTES,
        presentation: DIALOG_PRESENTATION,
        opener: DIALOG_PRESENTATION === 'window' ? { tabId: session.tabId, frameId: session.frameId ?? 0 } : null,
      });
    },

    async sendEnvelope(request, sender) {
      // The session first: a replay answers only the send window (and tab) that owns the session.
      const session = await findSession(request.sessionId, sender.tabId);
      if (!session?.claimed) return err(ErrorCodes.SESSION_EXPIRED, 'This send window has expired. Close it and click the document’s button again.');
      const done = (await completedSends.get())[request.idempotencyKey];
      if (done) return ok({ envelopeId: done.envelopeId, status: done.status, signNow: done.signNow, replayed: true });
      // A double click or a retry while the first attempt is still out joins that attempt.
      const running = inFlight.get(request.idempotencyKey);
      if (running) return running;
      const attempt = upload(request, sender.tabId);
      inFlight.set(request.idempotencyKey, attempt);
      try {
        return await attempt;
      } finally {
        inFlight.delete(request.idempotencyKey);
      }
    },
  };
}

