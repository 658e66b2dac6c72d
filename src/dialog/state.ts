/**
 * The send dialog's one source of truth: a single state object and a pure reducer. Every part of the
 * dialog renders from this state, so nothing on screen can contradict another part (issue 15: a stale
 * "Already sent" banner beside "Sent", an error that outlived its cause). Effects (messages to the
 * worker, the page's port) live in controller.ts and only dispatch actions here.
 */
import type { AuthStatus } from '../shared/auth.ts';
import type { DialogSessionResponse, Recipient, SendEnvelopeResponse } from '../shared/messages.ts';
import { emptyRecipient, prefill, type DocumentBytes } from './model.ts';

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
  | { name: 'sending' }
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
}

export interface DialogState {
  phase: Phase;
  session: DialogSessionResponse | null;
  auth: AuthStatus | null;
  bytes: DocumentBytes | null;
  form: Form;
  /** The form's problem in words (from the request schema), shown until the next attempt. */
  formError: string;
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
}

export type Action =
  | { type: 'claimed'; session: DialogSessionResponse; auth: AuthStatus | null }
  | { type: 'fatal'; message: string }
  | { type: 'documentReady'; bytes: DocumentBytes }
  | { type: 'authChanged'; auth: AuthStatus }
  | { type: 'chooseFailed'; message: string }
  | { type: 'editSubject'; value: string }
  | { type: 'editMessage'; value: string }
  | { type: 'editRecipient'; index: number; patch: Partial<Recipient> }
  | { type: 'addRecipient'; role: Recipient['role'] }
  | { type: 'removeRecipient'; index: number }
  | { type: 'invalid'; message: string }
  | { type: 'sendStarted' }
  | { type: 'sendFailed'; failure: FailedSend }
  | { type: 'sent'; result: SendEnvelopeResponse }
  | { type: 'openingStarted' }
  | { type: 'openingEnded'; failure: string | null }
  | { type: 'signing'; recipientId: string; signing: Signing }
  | { type: 'guard'; visible: boolean | undefined };

export const initialState: DialogState = {
  phase: { name: 'claiming' },
  session: null,
  auth: null,
  bytes: null,
  form: { subject: '', message: '', recipients: [] },
  formError: '',
  chooseError: '',
  opening: { name: 'idle' },
  signing: {},
  guard: undefined,
};

/** Send and Sign now act only while the guard says the dialog is fully visible. */
export const isArmed = (state: DialogState): boolean => state.guard === true;

/** While sending and after the send, the form is read-only. */
export const isLocked = (state: DialogState): boolean => state.phase.name === 'sending' || state.phase.name === 'sent';

const editable = (state: DialogState): boolean => !isLocked(state) && state.session !== null;

function editForm(state: DialogState, form: Form): DialogState {
  return editable(state) ? { ...state, form } : state;
}

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
    case 'documentReady':
      return state.phase.name === 'downloading' ? { ...state, bytes: action.bytes, phase: { name: 'ready' } } : state;
    case 'authChanged':
      return { ...state, auth: action.auth, chooseError: '' };
    case 'chooseFailed':
      return { ...state, chooseError: action.message };
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
      const last = Math.max(0, ...state.form.recipients.map((r) => r.routingOrder));
      const recipient = emptyRecipient(action.role, Math.min(99, last + 1));
      return editForm(state, { ...state.form, recipients: [...state.form.recipients, recipient] });
    }
    case 'removeRecipient':
      if (state.form.recipients.length <= 1) return state;
      return editForm(state, { ...state.form, recipients: state.form.recipients.filter((_, i) => i !== action.index) });
    case 'invalid':
      return { ...state, formError: action.message };
    case 'sendStarted':
      return { ...state, formError: '', phase: { name: 'sending' } };
    case 'sendFailed':
      return { ...state, phase: { name: 'failed', failure: action.failure } };
    case 'sent':
      return { ...state, phase: { name: 'sent', result: action.result } };
    case 'openingStarted':
      return { ...state, opening: { name: 'opening' } };
    case 'openingEnded':
      return { ...state, opening: action.failure === null ? { name: 'idle' } : { name: 'failed', message: action.failure } };
    case 'signing':
      return { ...state, signing: { ...state.signing, [action.recipientId]: action.signing } };
    case 'guard':
      return { ...state, guard: action.visible };
  }
}

/** Who the envelope goes out as: the worker's answer for this site, newest first. */
export function sendingAs(state: DialogState): string | null {
  if (state.auth) return state.auth.selected ? state.auth.sendingAs : null;
  return state.session?.sendingAs?.label ?? null;
}

/** The login key a send uses (the dialog's selection, else the worker resolves it). */
export function selectedLoginKey(state: DialogState): string | undefined {
  return state.auth?.selected?.loginKey ?? state.session?.sendingAs?.loginKey;
}
