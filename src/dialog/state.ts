/**
 * The send dialog's one source of truth: a single state object and a pure reducer. Every part of the
 * dialog renders from this state, so nothing on screen can contradict another part (issue 15: a stale
 * "Already sent" banner beside "Sent", an error that outlived its cause). Effects (messages to the
 * worker, the page's port) live in controller.ts and only dispatch actions here.
 */
import type { AuthStatus, LoginView } from '../shared/auth.ts';
import type { DialogSessionResponse, Recipient, SendEnvelopeResponse } from '../shared/messages.ts';
import { emptyDocuments, type Documents, type DocumentsAction } from './documents.ts';
import { emptyRecipient, prefill, type DocumentBytes } from './model.ts';
import { initialTemplate, type TemplateAction, type TemplateState } from './template/state.ts';

export interface FailedSend {
  code: string;
  message: string;
}

/** Where the dialog is in its life; `form` holds what the user edits in every phase from `ready` on. */
export type Phase =
  | { name: 'claiming' }
  | { name: 'downloading' }
  | { name: 'fatal'; message: string }
  | { name: 'ready' }
  /** `before`: set while Send waits for its code to load (load-later.ts); a refused form goes back to it. */
  | { name: 'sending'; before?: Phase }
  | { name: 'sent'; result: SendEnvelopeResponse }
  | { name: 'failed'; failure: FailedSend };

/** One "Sign now" signer after the send: what the dialog last heard about their signing. */
export type Signing =
  | { name: 'opening' }
  | { name: 'open' }
  | { name: 'failed'; message: string }
  | { name: 'ended'; event: string };

export interface Form {
  subject: string;
  message: string;
  recipients: Recipient[];
  /** Send from this saved template (template/state.ts); the recipients then fill its roles. */
  template?: { templateId: string; includeDocument: boolean } | undefined;
}

export interface DialogState {
  phase: Phase;
  session: DialogSessionResponse | null;
  auth: AuthStatus | null;
  /** The bytes of the document whose button opened the dialog. */
  bytes: DocumentBytes | null;
  /** The envelope's documents in order (documents.ts), that one first until the user reorders. */
  documents: Documents;
  form: Form;
  /**
   * How often Send was refused for the form's problems. From the first refusal on, the problems shown
   * are derived from the form as it is now (`fieldErrors`), so a fixed field clears at once.
   */
  attempts: number;
  /** A Connect or Reconnect started from this dialog (`at`: when, to tell its outcome from older news). */
  link: Link;
  /** A switch of account that the worker refused. */
  chooseError: string;
  /** "Open in DocuSign": opening, or why it could not. */
  opening: { name: 'idle' } | { name: 'opening' } | { name: 'failed'; message: string };
  signing: Readonly<Record<string, Signing>>;
  /**
   * The clickjacking guard (visibility.ts): true while Send and Sign now may act, false while the page
   * covers or fades the dialog (or a window has not settled), undefined until it has decided.
   */
  guard: boolean | undefined;
  /** "Use a template" (template/state.ts). */
  template: TemplateState;
}

/** `signIn`: the organization member signs in again after the session ended (later/link.ts). */
export type LinkMode = 'connect' | 'reconnect' | 'signIn';

export type Link =
  | { name: 'idle' }
  | { name: 'started'; mode: LinkMode; loginKey: string | null; at: number }
  | { name: 'done'; mode: LinkMode }
  | { name: 'failed'; message: string };

/**
 * The actions that only code loaded after the first paint dispatches (the send, adding documents, the
 * template step, Connect and Reconnect): later/reduce.ts reduces them, and loads with that code.
 */
export type LaterAction =
  | { type: 'invalid' }
  | { type: 'chooseFailed'; message: string }
  | { type: 'linkStarted'; mode: LinkMode; loginKey: string | null; at: number }
  | { type: 'linkFailed'; message: string }
  | { type: 'sent'; result: SendEnvelopeResponse }
  | { type: 'sendFailed'; failure: FailedSend }
  | { type: 'openingStarted' }
  | { type: 'openingEnded'; failure: string | null }
  | { type: 'signing'; recipientId: string; signing: Signing }
  | DocumentsAction
  | Exclude<TemplateAction, { type: 'templateOpened' }>;

export type Action =
  | { type: 'claimed'; session: DialogSessionResponse; auth: AuthStatus | null }
  | { type: 'fatal'; message: string }
  | { type: 'documentReady'; bytes: DocumentBytes }
  | { type: 'authChanged'; auth: AuthStatus }
  | { type: 'editSubject'; value: string }
  | { type: 'editMessage'; value: string }
  | { type: 'editRecipient'; index: number; patch: Partial<Recipient> }
  | { type: 'addRecipient'; role: Recipient['role'] }
  | { type: 'removeRecipient'; index: number }
  /** `checking`: the form is not checked yet (its checks are loading): it may still be refused. */
  | { type: 'sendStarted'; checking?: boolean }
  | { type: 'guard'; visible: boolean | undefined }
  | { type: 'templateOpened' }
  | LaterAction;

export const initialState: DialogState = {
  phase: { name: 'claiming' },
  session: null,
  auth: null,
  bytes: null,
  documents: emptyDocuments,
  form: { subject: '', message: '', recipients: [] },
  attempts: 0,
  link: { name: 'idle' },
  chooseError: '',
  opening: { name: 'idle' },
  signing: {},
  guard: undefined,
  template: initialTemplate,
};

/** Send and Sign now act only while the guard says the dialog is fully visible. */
export const isArmed = (state: DialogState): boolean => state.guard === true;

/** While sending and after the send, the form is read-only. */
export const isLocked = (state: DialogState): boolean => state.phase.name === 'sending' || state.phase.name === 'sent';

export const editable = (state: DialogState): boolean => !isLocked(state) && state.session !== null;

function editForm(state: DialogState, form: Form): DialogState {
  return editable(state) ? { ...state, form } : state;
}

/** The actions of the first load; a `LaterAction` changes nothing here (later/reduce.ts reduces it). */
export function reduce(state: DialogState, action: Action): DialogState {
  switch (action.type) {
    case 'claimed':
      return {
        ...state,
        session: action.session,
        auth: action.auth,
        form: prefill(action.session.document, action.session.fields),
        phase: { name: 'downloading' },
      };
    case 'fatal':
      return { ...state, phase: { name: 'fatal', message: action.message } };
    case 'documentReady': {
      if (state.phase.name !== 'downloading' || !state.session) return state;
      const { url, kind } = state.session.document;
      const first = { ...action.bytes, id: url, kind, pageUrl: url };
      return { ...state, bytes: action.bytes, documents: { ...emptyDocuments, list: [first] }, phase: { name: 'ready' } };
    }
    // A Connect or Reconnect under way learns here that it is over: later/reduce.ts (its only source).
    case 'authChanged':
      return { ...state, auth: action.auth, chooseError: '' };
    case 'editSubject':
      return editForm(state, { ...state.form, subject: action.value });
    case 'editMessage':
      return editForm(state, { ...state.form, message: action.value });
    case 'editRecipient':
      return editForm(state, {
        ...state.form,
        recipients: state.form.recipients.map((r, i) => (i === action.index ? { ...r, ...action.patch } : r)),
      });
    case 'addRecipient': {
      const last = Math.max(0, ...state.form.recipients.map((r) => r.routingOrder).filter(Number.isFinite));
      const recipient = emptyRecipient(action.role, Math.min(99, last + 1));
      return editForm(state, { ...state.form, recipients: [...state.form.recipients, recipient] });
    }
    case 'removeRecipient':
      if (state.form.recipients.length <= 1) return state;
      return editForm(state, { ...state.form, recipients: state.form.recipients.filter((_, i) => i !== action.index) });
    case 'sendStarted':
      return { ...state, phase: action.checking ? { name: 'sending', before: state.phase } : { name: 'sending' } };
    case 'guard':
      return { ...state, guard: action.visible };
    case 'templateOpened':
      return editable(state) ? { ...state, template: { ...state.template, open: true } } : state;
    default:
      return state;
  }
}

/** The DocuSign login a send uses (null for the organization, or before the worker has answered). */
export function selectedLogin(state: DialogState): LoginView | null {
  const key = state.auth?.selected?.loginKey;
  return state.auth?.logins.find((l) => l.key === key) ?? null;
}

/** Nothing to send from: no linked login and no organization to send as (Send is off, Connect is offered). */
export const nothingToSendFrom = (state: DialogState): boolean => state.auth !== null && state.auth.selected === null;

/** Send (or Retry) may be pressed: the bytes are in (none being added), a login or organization to send from that works, not busy, armed. */
export function canSend(state: DialogState): boolean {
  const { phase } = state;
  const idle = phase.name === 'ready' || phase.name === 'failed';
  const documentsReady = state.documents.list.length > 0 && state.documents.adding === null;
  // What it sends from works only after signing in again: the login needs Reconnect, or (no login selected:
  // the organization is) the organization's session ended.
  const status = selectedLogin(state)?.status ?? state.auth?.member.organization?.state;
  return idle && state.bytes !== null && documentsReady && !nothingToSendFrom(state) && status !== 'needs_reconnect' && status !== 'expired' && isArmed(state);
}
