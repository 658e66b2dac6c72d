/**
 * "Signs now on this device": embedded signing for a captive signer of an envelope this browser just
 * sent. The worker asks the companion server for a signing URL and opens it in a new tab; the URL
 * never reaches the dialog, the page or a log. DocuSign sends the tab back to the server's
 * `/signing/return?event=...`; the worker reads the event from the tab's URL, keeps it for the dialog
 * and, for an expired link (`ttl_expired`), fetches a fresh one into the same tab. Signed and Declined
 * are that URL's claim until the server confirms them from DocuSign (`signing-outcome`).
 * "Open in DocuSign" works the same way: a single-use console-view URL, opened in a new tab by the worker.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { SIGNING_EVENTS, type SigningEvent } from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { dialogSessions, dialogTabOf, pageDocumentKey, recordOutcome, sentDocuments, type DocumentDeps } from './documents.ts';
import type { Handlers } from './router.ts';
import { readServerError } from './send-request.ts';
import { defineItem } from './storage.ts';

const MAX_FRESH_LINKS = 3;

const signingSchema = v.object({
  tabId: v.number(),
  sessionId: v.string(),
  envelopeId: v.string(),
  recipientId: v.string(),
  site: v.string(),
  /** The page and document the envelope was sent from (`pageDocumentKey`), for the persisted outcome. */
  documentKey: v.optional(v.string(), ''),
  freshLinks: v.number(),
  event: v.nullable(v.picklist(SIGNING_EVENTS)),
});

/** Signing tabs and their outcomes, keyed `envelopeId:recipientId` (in memory, trusted contexts only). */
export const signings = defineItem('session', 'signings', v.record(v.string(), signingSchema), {});

type SigningHandlers = Pick<Handlers, 'startSigning' | 'signingStatus' | 'openInDocuSign'>;

export function createSigning(deps: DocumentDeps) {
  /** A POST to one of the server's per-envelope routes with the site's login; the answer's JSON body. */
  const ask = async (site: string, envelopeId: string, route: string, extra: Record<string, string>): Promise<Result<{ status: number; body: unknown }>> => {
    const grant = await deps.getAccessToken(site, undefined);
    if (!grant.ok) return grant;
    let response: Response;
    try {
      response = await deps.fetch(`${grant.value.serverUrl.replace(/\/+$/, '')}/v1/envelopes/${encodeURIComponent(envelopeId)}/${route}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${grant.value.accessToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ accountId: grant.value.accountId, ...extra }),
        credentials: 'omit',
      });
    } catch {
      return err(ErrorCodes.SERVER_UNREACHABLE, 'The SignBridge server cannot be reached. Check your connection and try again.');
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return ok({ status: response.status, body });
    const refusedAs = response.status === 401 ? await deps.credentialRefused?.(grant.value.accessToken) : null;
    const refused = readServerError(response.status, body);
    return refusedAs ? err(refusedAs, refused.error.message) : refused;
  };
  /** A single-use DocuSign URL from the server: `signing-sessions` (with a recipient) or `console-views`. */
  const viewUrl = async (site: string, envelopeId: string, view: 'signing-sessions' | 'console-views', extra: Record<string, string>): Promise<Result<string>> => {
    const answer = await ask(site, envelopeId, view, extra);
    if (!answer.ok) return answer;
    const { status, body } = answer.value;
    const url = typeof body === 'object' && body !== null ? (body as { url?: unknown }).url : undefined;
    return typeof url === 'string' && /^https?:\/\//.test(url) ? ok(url) : readServerError(status, body);
  };
  /**
   * What the return page's `event` claims, as DocuSign has it: anyone can open the return URL with
   * `event=signing_complete`, so Signed and Declined are shown only when the server (Connect, or one
   * recipients read at DocuSign) confirms them. Not confirmed: the signing is not finished (`cancel`,
   * "finish later with Sign now"); the server not answering: `exception` (try again).
   */
  const confirmed = async (entry: v.InferOutput<typeof signingSchema>): Promise<SigningEvent> => {
    const answer = await ask(entry.site, entry.envelopeId, 'signing-outcome', { recipientId: entry.recipientId });
    if (!answer.ok) return 'exception';
    const { body } = answer.value;
    const status = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
    return status === 'completed' ? 'signing_complete' : status === 'declined' ? 'decline' : 'cancel';
  };
  const signingUrl = (site: string, envelopeId: string, recipientId: string) => viewUrl(site, envelopeId, 'signing-sessions', { recipientId });

  /**
   * The calling dialog's own session, and the envelope only if that session sent it: a dialog (or a
   * page that framed a copy of it) cannot act on, or learn about, an envelope it names.
   */
  const ownEnvelope = async (sessionId: string, envelopeId: string, tabId: number | undefined) => {
    const session = (await dialogSessions.get())[sessionId];
    if (!session?.claimed || dialogTabOf(session) !== tabId) {
      return err(ErrorCodes.SESSION_EXPIRED, 'This send window has expired. Close it and click the document’s button again.');
    }
    const documentKey = pageDocumentKey(session.page.url, session.document.url);
    if ((await sentDocuments.get())[documentKey]?.envelopeId !== envelopeId) {
      return err(ErrorCodes.SESSION_EXPIRED, 'This send window did not send that envelope. Close it and click the document’s button again.');
    }
    return ok({ session, documentKey });
  };

  const handlers: SigningHandlers = {
    async startSigning({ sessionId, envelopeId, recipientId }, sender) {
      const own = await ownEnvelope(sessionId, envelopeId, sender.tabId);
      if (!own.ok) return own;
      const { session, documentKey } = own.value;
      const url = await signingUrl(session.page.url, envelopeId, recipientId);
      if (!url.ok) return url;
      const tab = await browser.tabs.create({ url: url.value, openerTabId: session.tabId });
      const entry = { tabId: tab.id ?? -1, sessionId, envelopeId, recipientId, site: session.page.url, documentKey, freshLinks: 0, event: null };
      await signings.update((all) => ({ ...all, [`${envelopeId}:${recipientId}`]: entry }));
      return ok({ started: true as const });
    },
    async openInDocuSign({ sessionId, envelopeId }, sender) {
      const own = await ownEnvelope(sessionId, envelopeId, sender.tabId);
      if (!own.ok) return own;
      const { session } = own.value;
      const url = await viewUrl(session.page.url, envelopeId, 'console-views', {});
      if (!url.ok) return url;
      await browser.tabs.create({ url: url.value, openerTabId: session.tabId });
      return ok({ opened: true as const });
    },
    async signingStatus({ sessionId, envelopeId, recipientId }, sender) {
      const own = await ownEnvelope(sessionId, envelopeId, sender.tabId);
      if (!own.ok) return own;
      const entry = (await signings.get())[`${envelopeId}:${recipientId}`];
      // Only a signing this session started: another window's outcome is not this one's to read.
      return ok({ event: entry?.sessionId === sessionId ? entry.event : null });
    },
  };

  /** `tabs.onUpdated`: a signing tab reached the server's return page. */
  async function onTabUpdated(tabId: number, url: string): Promise<void> {
    const serverUrl = await deps.serverUrl();
    if (serverUrl === null || !url.startsWith(`${serverUrl.replace(/\/+$/, '')}/signing/return?`)) return;
    const params = new URL(url).searchParams;
    const key = `${params.get('envelopeId') ?? ''}:${params.get('recipientId') ?? ''}`;
    const entry = (await signings.get())[key];
    if (!entry || entry.tabId !== tabId) return;
    const raw = params.get('event') ?? '';
    const claimed = (SIGNING_EVENTS as readonly string[]).includes(raw) ? (raw as SigningEvent) : 'exception';
    const event = claimed === 'signing_complete' || claimed === 'decline' ? await confirmed(entry) : claimed;
    if (event === 'ttl_expired' && entry.freshLinks < MAX_FRESH_LINKS) {
      // DocuSign: a signing URL is single use and lives 5 minutes; a fresh one replaces it in place.
      const fresh = await signingUrl(entry.site, entry.envelopeId, entry.recipientId);
      if (fresh.ok) {
        await signings.update((all) => ({ ...all, [key]: { ...(all[key] ?? entry), freshLinks: entry.freshLinks + 1 } }));
        await browser.tabs.update(tabId, { url: fresh.value });
        return;
      }
    }
    // The outcome is recorded before the event is visible: the dialog tells the page on seeing the event,
    // and the page's button reads the record then.
    if (entry.documentKey !== '' && (event === 'signing_complete' || event === 'decline')) {
      await recordOutcome(entry.documentKey, entry.envelopeId, event === 'signing_complete' ? 'signed' : 'declined');
    }
    await signings.update((all) => ({ ...all, [key]: { ...(all[key] ?? entry), event } }));
  }

  return { handlers, onTabUpdated };
}
