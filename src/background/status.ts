/**
 * The worker's side of document status (issue 16). While a page with sent documents is open its
 * content script holds a port (`STATUS_PORT`); the worker keeps ONE server-sent event stream per
 * credential to SignBridge's server open for all such pages, reads each page's current states once the
 * stream is `ready` (so nothing falls between subscribing and reading), and relays every change to
 * the pages whose documents it concerns. An open status panel holds a port of its own
 * (`STATUS_PANEL_PORT`) on the same stream and gets its one envelope whole, recipients and all, so it
 * follows Connect rather than reading again after each action. The last port closing ends the stream.
 * The status panel's actions (detail, Remind, Void, Download) and the popup's recent list go to the same server.
 */
import * as v from 'valibot';
import browser, { type Runtime } from 'webextension-polyfill';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { EnvelopeStatusView } from '../shared/status-api.ts';
import {
  STATUS_PANEL_PORT,
  STATUS_PORT,
  statusPanelPortMessage,
  statusPortMessage,
  type StatusPanelUpdate,
  type StatusPortUpdate,
} from '../shared/status-messages.ts';
import { dialogSessions, dialogTabOf, pageDocumentKey, sentDocuments, type AccessGrant, type DocumentDeps } from './documents.ts';
import { classifySender, type Handlers } from './router.ts';
import { authorization, followEvents, statusApi, type Fetch } from './status-client.ts';
import { documentStatus, recentEnvelope } from '../shared/status-view.ts';

const MAX_BACKOFF_MS = 30_000;
/** Chrome stops an idle worker after 30 s, and a fetch being read does not count as activity. */
const KEEP_AWAKE_MS = 20_000;
const RECENT = 20;

interface Watcher {
  port: Runtime.Port;
  pageUrl: string;
  /** The page's sent documents: envelope id → document URLs. */
  envelopes: Map<string, string[]>;
  stream?: Stream | undefined;
  failures: number;
  /** A status panel's watcher: the one envelope it shows, relayed whole. */
  panel?: string;
}

interface Stream {
  key: string;
  grant: AccessGrant;
  watchers: Set<Watcher>;
  abort: AbortController;
  ready: boolean;
}

type StatusHandlers = Pick<Handlers, 'statusDetail' | 'statusRemind' | 'statusVoid' | 'statusDownload' | 'statusRecent'>;

const sameOrigin = (a: string | undefined, b: string) => {
  try {
    return a !== undefined && new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

/** The documents sent from `pageUrl`, by the envelope they went out in. */
async function pageEnvelopes(pageUrl: string): Promise<Map<string, string[]>> {
  const prefix = pageDocumentKey(pageUrl, '');
  const out = new Map<string, string[]>();
  for (const [key, record] of Object.entries(await sentDocuments.get())) {
    if (key.startsWith(prefix)) out.set(record.envelopeId, [...(out.get(record.envelopeId) ?? []), key.slice(prefix.length)]);
  }
  return out;
}

export function createStatusFeature(deps: DocumentDeps) {
  const streams = new Map<string, Stream>();
  const watchers = new Map<Runtime.Port, Watcher>();
  let awake: ReturnType<typeof setInterval> | undefined;
  /** While a page watches, an extension API call now and then keeps the worker (and its streams) alive. */
  const keepAwake = () => {
    if (watchers.size > 0 && awake === undefined) awake = setInterval(() => void browser.runtime.getPlatformInfo(), KEEP_AWAKE_MS);
    if (watchers.size === 0 && awake !== undefined) {
      clearInterval(awake);
      awake = undefined;
    }
  };

  /** Our server's 401: a member session it no longer accepts is forgotten, as after a send. */
  const fetchAs = (grant: AccessGrant): Fetch => async (input, init) => {
    const response = await deps.fetch(input, init);
    if (response.status === 401) await deps.credentialRefused?.(grant.accessToken);
    return response;
  };

  const relay = (w: Watcher, envelopes: EnvelopeStatusView[]) => {
    if (w.panel !== undefined) return relayToPanel(w, envelopes);
    const documents: StatusPortUpdate['documents'] = {};
    for (const e of envelopes) for (const url of w.envelopes.get(e.envelopeId) ?? []) documents[url] = documentStatus(e);
    if (Object.keys(documents).length === 0) return;
    const update: StatusPortUpdate = { type: 'status', documents };
    try {
      w.port.postMessage(update);
    } catch {
      // The page went away between the event and this line: its disconnect cleans up.
    }
  };

  const relayToPanel = (w: Watcher, envelopes: EnvelopeStatusView[]) => {
    for (const envelope of envelopes) {
      if (envelope.envelopeId !== w.panel) continue;
      const update: StatusPanelUpdate = { type: 'envelope', envelope };
      try {
        w.port.postMessage(update);
      } catch {
        // The panel closed meanwhile: its disconnect cleans up.
      }
    }
  };

  const refresh = async (w: Watcher, grant: AccessGrant) => {
    if (w.panel !== undefined) {
      const detail = await statusApi.detail(fetchAs(grant), grant, w.panel);
      if (detail.ok && watchers.get(w.port) === w) relay(w, [detail.value]);
      return;
    }
    const list = await statusApi.forPage(fetchAs(grant), grant, w.pageUrl);
    if (list.ok && watchers.get(w.port) === w) relay(w, list.value.envelopes);
  };

  const detach = (w: Watcher) => {
    const stream = w.stream;
    w.stream = undefined;
    if (!stream) return;
    stream.watchers.delete(w);
    if (stream.watchers.size === 0) {
      streams.delete(stream.key);
      stream.abort.abort();
    }
  };

  const follow = async (stream: Stream) => {
    await followEvents(fetchAs(stream.grant), stream.grant, stream.abort.signal, (event) => {
      if (event.kind === 'ready') {
        stream.ready = true;
        for (const w of stream.watchers) {
          w.failures = 0;
          void refresh(w, stream.grant);
        }
      } else {
        for (const w of stream.watchers) relay(w, [event.envelope]);
      }
    });
    if (stream.abort.signal.aborted) return;
    // The server restarted, the network dropped, or the credential changed: every page watching
    // subscribes again (with a fresh credential), after a growing pause.
    streams.delete(stream.key);
    for (const w of [...stream.watchers]) {
      w.stream = undefined;
      w.failures += 1;
      setTimeout(() => {
        if (watchers.get(w.port) === w) void watch(w);
      }, Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(5, w.failures - 1)));
    }
  };

  async function watch(w: Watcher): Promise<void> {
    if (w.panel === undefined) w.envelopes = await pageEnvelopes(w.pageUrl);
    if (w.envelopes.size === 0) return detach(w);
    const grant = await deps.getAccessToken(w.pageUrl, undefined);
    if (!grant.ok || watchers.get(w.port) !== w) return;
    const key = `${grant.value.serverUrl}\n${grant.value.accessToken}`;
    if (w.stream?.key !== key) {
      detach(w);
      let stream = streams.get(key);
      if (!stream) {
        stream = { key, grant: grant.value, watchers: new Set(), abort: new AbortController(), ready: false };
        streams.set(key, stream);
        void follow(stream);
      }
      stream.watchers.add(w);
      w.stream = stream;
    }
    // Not yet ready: the `ready` event reads every watcher's states.
    if (w.stream?.ready) await refresh(w, grant.value);
  }

  const forget = (port: Runtime.Port) => {
    const w = watchers.get(port);
    watchers.delete(port);
    keepAwake();
    if (w) detach(w);
  };

  /** The status panel: only our own dialog frame, for a session claimed in the tab it runs in. */
  function onPanelConnect(port: Runtime.Port): void {
    const sender = classifySender(port.sender ?? {}, { extensionId: browser.runtime.id, extensionOrigin: new URL(browser.runtime.getURL('/')).origin });
    if (sender?.kind !== 'extension-page') return port.disconnect();
    let asked = false;
    let closed = false;
    port.onMessage.addListener((raw: unknown) => {
      const parsed = v.safeParse(statusPanelPortMessage, raw);
      // One envelope per port, asked for once.
      if (!parsed.success || asked) return port.disconnect();
      asked = true;
      void sessionEnvelope(parsed.output.sessionId, sender.tabId).then((own) => {
        if (closed) return;
        if (!own.ok) return port.disconnect();
        const w: Watcher = { port, pageUrl: own.value.pageUrl, envelopes: new Map([[own.value.envelopeId, []]]), failures: 0, panel: own.value.envelopeId };
        watchers.set(port, w);
        keepAwake();
        void watch(w);
      });
    });
    port.onDisconnect.addListener(() => {
      closed = true;
      forget(port);
    });
  }

  function onConnect(port: Runtime.Port): void {
    if (port.name === STATUS_PANEL_PORT) return onPanelConnect(port);
    if (port.name !== STATUS_PORT) return;
    const sender = classifySender(port.sender ?? {}, { extensionId: browser.runtime.id, extensionOrigin: new URL(browser.runtime.getURL('/')).origin });
    if (sender?.kind !== 'content') return port.disconnect();
    port.onMessage.addListener((raw: unknown) => {
      const parsed = v.safeParse(statusPortMessage, raw);
      if (!parsed.success) return port.disconnect();
      // A page may only watch itself.
      if (!sameOrigin(sender.url, parsed.output.pageUrl)) return port.disconnect();
      const w = watchers.get(port) ?? { port, pageUrl: parsed.output.pageUrl, envelopes: new Map(), failures: 0 };
      w.pageUrl = parsed.output.pageUrl;
      watchers.set(port, w);
      keepAwake();
      void watch(w);
    });
    port.onDisconnect.addListener(() => forget(port));
  }

  /** The dialog's own session and the envelope its document was sent in; nothing else. */
  const sessionEnvelope = async (sessionId: string, tabId: number | undefined): Promise<Result<{ envelopeId: string; grant: AccessGrant; name: string; pageUrl: string }>> => {
    const session = (await dialogSessions.get())[sessionId];
    if (!session?.claimed || dialogTabOf(session) !== tabId) {
      return err(ErrorCodes.SESSION_EXPIRED, 'This window has expired. Close it and click the document’s button again.');
    }
    const record = (await sentDocuments.get())[pageDocumentKey(session.page.url, session.document.url)];
    if (!record) return err(ErrorCodes.NOT_FOUND, 'SignBridge has no record of sending this document from this page.');
    const grant = await deps.getAccessToken(session.page.url, undefined);
    return grant.ok ? ok({ envelopeId: record.envelopeId, grant: grant.value, name: session.document.name, pageUrl: session.page.url }) : grant;
  };

  const handlers: StatusHandlers = {
    async statusDetail({ sessionId }, sender) {
      const own = await sessionEnvelope(sessionId, sender.tabId);
      return own.ok ? statusApi.detail(fetchAs(own.value.grant), own.value.grant, own.value.envelopeId) : own;
    },
    async statusRemind({ sessionId }, sender) {
      const own = await sessionEnvelope(sessionId, sender.tabId);
      if (!own.ok) return own;
      const answer = await statusApi.remind(fetchAs(own.value.grant), own.value.grant, own.value.envelopeId);
      return answer.ok ? ok({ reminded: answer.value.reminded.length }) : answer;
    },
    async statusVoid({ sessionId, reason }, sender) {
      const own = await sessionEnvelope(sessionId, sender.tabId);
      return own.ok ? statusApi.voidEnvelope(fetchAs(own.value.grant), own.value.grant, own.value.envelopeId, reason) : own;
    },
    async statusDownload({ sessionId }, sender) {
      const own = await sessionEnvelope(sessionId, sender.tabId);
      if (!own.ok) return own;
      const { grant, envelopeId } = own.value;
      // The browser fetches the PDF from our server itself, with the credential as a header (never in
      // the URL), and saves it under the server's file name: the bytes never cross a message.
      try {
        await browser.downloads.download({
          url: statusApi.documentUrl(grant, envelopeId),
          headers: Object.entries(authorization(grant)).map(([name, value]) => ({ name, value })),
          conflictAction: 'uniquify',
          saveAs: false,
        });
      } catch {
        return err(ErrorCodes.SERVER_UNREACHABLE, 'The download could not start. Check your connection and try again.');
      }
      return ok({ started: true as const });
    },
    async statusRecent() {
      const grant = await deps.getAccessToken(undefined, undefined);
      if (!grant.ok) return grant;
      const list = await statusApi.recent(fetchAs(grant.value), grant.value, RECENT);
      return list.ok ? ok({ envelopes: list.value.envelopes.map(recentEnvelope) }) : list;
    },
  };

  return { handlers, onConnect };
}
