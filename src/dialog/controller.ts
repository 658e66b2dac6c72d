/**
 * The dialog's effects: claim the session, fetch the document over the page's port, talk to the
 * worker. Each effect only dispatches actions to the reducer (state.ts); nothing here holds state
 * that the screen shows.
 */
import { useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import type { AuthStatus, ServerSettings } from '../shared/auth.ts';
import { sha256Hex } from '../shared/bytes.ts';
import { t } from '../shared/i18n.ts';
import { call } from '../shared/rpc.ts';
import { askSignInPermission } from '../shared/sign-in-permission.ts';
import { connect, post, refuseAll, requestDocument, type DialogPort } from './channel.ts';
import { buildRequest, IdempotencyKeys } from './model.ts';
import { signingRefusal } from './refusals.ts';
import { initialState, isArmed, reduce, selectedLoginKey, type Action, type DialogState } from './state.ts';

export interface Commands {
  close: () => void;
  dispatch: (action: Action) => void;
  /** Switch login and account for this site ("this CRM sends from that account"), as the popup does. */
  choose: (loginKey: string, accountId: string) => Promise<void>;
  send: () => Promise<void>;
  openInDocuSign: (envelopeId: string) => Promise<void>;
  signNow: (envelopeId: string, recipientId: string) => Promise<void>;
  /** Connect a first DocuSign login, or Reconnect `loginKey`, in a new tab (the worker runs the flow). */
  link: (mode: 'connect' | 'reconnect', loginKey?: string) => void;
  /** The height the dialog's content needs: the content script sizes the frame to it (up to the window). */
  reportHeight: (height: number) => void;
}

/**
 * How often an open dialog asks the worker who it sends as: a login linked (or reconnected) in the
 * popup or a sign-in tab while the dialog is open shows here without a reload. Polling, as the popup
 * does, not `storage.onChanged`: that event would hand this page the changed values, tokens included.
 */
const AUTH_POLL_MS = 1_500;


/** How long the dialog keeps asking how a signing ended: DocuSign's link lives 5 minutes, a signer may take longer. */
const SIGNING_WATCH_MS = 30 * 60_000;
const SIGNING_POLL_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function useDialog(sessionId: string): [DialogState, Commands] {
  const [state, dispatch] = useReducer(reduce, initialState);
  // Effects read the newest state through this ref (a command runs after renders it did not see).
  const latest = useRef(state);
  latest.current = state;
  const port = useRef<DialogPort | undefined>(undefined);
  const keys = useRef(new IdempotencyKeys());
  // Read once per opening, so Connect can ask for the server's permission first thing in the click.
  const settings = useRef<ServerSettings | null>(null);
  // The newest height, also sent once the port exists (the first measure comes before it).
  const height = useRef(0);

  useEffect(() => {
    void (async () => {
      const claimed = await call('dialogSession', { sessionId });
      if (!claimed.ok) {
        refuseAll();
        return dispatch({ type: 'fatal', message: claimed.error.message });
      }
      const session = claimed.value;
      void call('settingsGet', {}).then((answer) => {
        if (answer.ok) settings.current = answer.value;
      });
      const status = await call('authStatus', { site: session.page.url });
      dispatch({ type: 'claimed', session, auth: status.ok ? status.value : null });
      try {
        port.current = await connect(session);
        if (height.current > 0) post(port.current, { type: 'size', height: height.current });
      } catch (error) {
        return dispatch({ type: 'fatal', message: error instanceof Error && error.message ? error.message : t('dialog_pageTimeout') });
      }
      const answer = await requestDocument(port.current);
      if (!answer.ok) return dispatch({ type: 'fatal', message: answer.message });
      const data = new Uint8Array(answer.bytes);
      // Handed to the worker as a blob: URL of our own origin: no base64, no bytes in any message.
      const blobUrl = URL.createObjectURL(new Blob([data], { type: answer.mimeType }));
      const sha256 = await sha256Hex(data);
      dispatch({ type: 'documentReady', bytes: { name: session.document.name, mimeType: answer.mimeType, size: answer.size, blobUrl, sha256 } });
    })();
  }, [sessionId]);

  const commands = useMemo<Commands>(() => {
    const close = () => {
      if (port.current) post(port.current, { type: 'close' });
    };
    return {
      close,
      dispatch,
      async choose(loginKey, accountId) {
        const session = latest.current.session;
        if (!session) return;
        const chosen = await call('authSelect', { loginKey, accountId, site: session.page.url });
        dispatch(chosen.ok ? { type: 'authChanged', auth: chosen.value } : { type: 'chooseFailed', message: chosen.error.message });
      },
      async send() {
        const { session, bytes, phase, form } = latest.current;
        if (!session || !bytes || phase.name === 'sending' || phase.name === 'sent' || !isArmed(latest.current)) return;
        const withLogin = { ...form, loginKey: selectedLoginKey(latest.current) };
        // The same form gets the same key: a retry after a failure can never create a second envelope.
        const built = buildRequest(sessionId, keys.current.keyFor(withLogin), withLogin, bytes);
        if (!built.ok) return dispatch({ type: 'invalid' });
        dispatch({ type: 'sendStarted' });
        const answer = await call('sendEnvelope', built.request);
        if (!answer.ok) return dispatch({ type: 'sendFailed', failure: answer.error });
        if (port.current) post(port.current, { type: 'sent', envelopeId: answer.value.envelopeId });
        dispatch({ type: 'sent', result: answer.value });
      },
      async openInDocuSign(envelopeId) {
        dispatch({ type: 'openingStarted' });
        const opened = await call('openInDocuSign', { sessionId, envelopeId });
        dispatch({ type: 'openingEnded', failure: opened.ok ? null : opened.error.message });
      },
      async signNow(envelopeId, recipientId) {
        if (!isArmed(latest.current)) return;
        dispatch({ type: 'signing', recipientId, signing: { name: 'opening' } });
        const started = await call('startSigning', { sessionId, envelopeId, recipientId });
        if (!started.ok) return dispatch({ type: 'signing', recipientId, signing: { name: 'failed', message: signingRefusal(started.error) } });
        dispatch({ type: 'signing', recipientId, signing: { name: 'open' } });
        // The worker learns the outcome from the tab; ask until it has it.
        for (let waited = 0; waited < SIGNING_WATCH_MS; waited += SIGNING_POLL_MS) {
          await pause(SIGNING_POLL_MS);
          const status = await call('signingStatus', { sessionId, envelopeId, recipientId });
          const event = status.ok ? status.value.event : null;
          if (event) {
            dispatch({ type: 'signing', recipientId, signing: { name: 'ended', event } });
            if (port.current) post(port.current, { type: 'signed', event });
            return;
          }
        }
      },
      reportHeight(next) {
        if (next === height.current) return;
        height.current = next;
        if (port.current) post(port.current, { type: 'size', height: next });
      },
      link(mode, loginKey) {
        // First thing in the click: Firefox honours a permission request only while the click runs.
        const asked = askSignInPermission(settings.current);
        dispatch({ type: 'linkStarted', mode, loginKey: loginKey ?? null, at: Date.now() });
        void (async () => {
          const allowed = await asked;
          const started = allowed.ok ? await call('authConnect', loginKey === undefined ? { mode } : { mode, loginKey }) : allowed;
          if (!started.ok) dispatch({ type: 'linkFailed', message: started.error.message });
        })();
      },
    };
  }, [sessionId]);

  const site = state.session?.page.url;
  const busy = state.phase.name === 'sending';
  useEffect(() => {
    if (site === undefined || busy) return undefined;
    let last = '';
    const refresh = async () => {
      const status = await call('authStatus', { site });
      if (!status.ok) return;
      // Only news re-renders: the worker answers the same status most of the time.
      const seen = JSON.stringify(status.value);
      if (seen !== last) {
        last = seen;
        dispatch({ type: 'authChanged', auth: status.value satisfies AuthStatus });
      }
    };
    const timer = setInterval(() => void refresh(), AUTH_POLL_MS);
    const onFocus = () => void refresh();
    addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      removeEventListener('focus', onFocus);
    };
  }, [site, busy]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') commands.close();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [commands]);

  return [state, commands];
}
