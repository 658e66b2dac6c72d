/**
 * The dialog's effects: claim the session, fetch the document over the page's port, talk to the
 * worker. Each effect only dispatches actions to the reducer (state.ts); nothing here holds state
 * that the screen shows.
 */
import { useEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import type { AuthStatus, ServerSettings } from '../shared/auth.ts';
import { t } from '../shared/i18n.ts';
import { call } from '../shared/rpc.ts';
import { connect, post, refuseAll, requestDocument, type DialogPort } from './channel.ts';
import { holdBytes } from './document-effects.ts';
import { loadLater, laterModule } from './load-later.ts';
import type { SendContext } from './later/index.ts';
import { initialState, isArmed, isLocked, reduce, type Action, type DialogState } from './state.ts';

export interface Commands {
  close: () => void;
  dispatch: (action: Action) => void;
  /** Switch login and account for this site ("this CRM sends from that account"), as the popup does. */
  choose: (loginKey: string, accountId: string) => Promise<void>;
  send: () => Promise<void>;
  /**
   * What the commands of later/ run with (later/commands.ts): the views rendered from that chunk (Open in
   * DocuSign, Sign now, Connect, adding an offered document) call them with it directly.
   */
  context: SendContext;
  /** The height the dialog's content needs: the content script sizes the frame to it (up to the window). */
  reportHeight: (height: number) => void;
  /** "Add from this page": ask the content script for the page's other documents (later/OfferedDocuments.tsx adds one). */
  offerPageDocuments: () => Promise<void>;
  /** "Add a file from this computer". */
  addFile: (file: File) => Promise<void>;
}

/**
 * How often an open dialog asks the worker who it sends as: a login linked (or reconnected) in the
 * popup or a sign-in tab while the dialog is open shows here without a reload. Polling, as the popup
 * does, not `storage.onChanged`: that event would hand this page the changed values, tokens included.
 */
const AUTH_POLL_MS = 1_500;

/** Once it has loaded, the reducer of every action (later/reduce.ts); before, that of the first load's actions. */
const reduceNow = (state: DialogState, action: Action): DialogState => (laterModule()?.reduceAll ?? reduce)(state, action);

export function useDialog(sessionId: string): [DialogState, Commands] {
  const [state, dispatch] = useReducer(reduceNow, initialState);
  // Effects read the newest state through this ref (a command runs after renders it did not see).
  const latest = useRef(state);
  latest.current = state;
  const port = useRef<DialogPort | undefined>(undefined);
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
      // Handed to the worker as a blob: URL of our own origin: no base64, no bytes in any message.
      dispatch({ type: 'documentReady', bytes: await holdBytes(session.document.name, answer.bytes, answer.mimeType) });
    })();
  }, [sessionId]);

  const commands = useMemo<Commands>(() => {
    const close = () => {
      if (port.current) post(port.current, { type: 'close' });
    };
    const context: SendContext = { sessionId, state: () => latest.current, dispatch, port: () => port.current, settings: () => settings.current };
    return {
      close,
      dispatch,
      choose: async (loginKey, accountId) => (await loadLater()).choose(context, loginKey, accountId),
      async send() {
        const { session, bytes } = latest.current;
        if (!session || !bytes || isLocked(latest.current) || !isArmed(latest.current)) return;
        let module = laterModule();
        if (!module) {
          // Send before its code loaded (load-later.ts): the sending state shows (and locks the form) meanwhile.
          dispatch({ type: 'sendStarted', checking: true });
          module = await loadLater();
        }
        await module.send(context);
      },
      // Adding a document loads with its reducer (load-later.ts): the commands wait for both.
      offerPageDocuments: async () => (await loadLater()).offerPageDocuments(port.current, dispatch),
      addFile: async (file) => (await loadLater()).addLocalFile(file, dispatch),
      reportHeight(next) {
        if (next === height.current) return;
        height.current = next;
        if (port.current) post(port.current, { type: 'size', height: next });
      },
      context,
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
