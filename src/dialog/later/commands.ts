/**
 * The commands that run on Send and after it (controller.ts hands them its context): check the form and
 * send it, Sign now, Open in DocuSign. Each only dispatches actions to the reducer (state.ts).
 */
import type { ServerSettings } from '../../shared/auth.ts';
import { call } from '../../shared/rpc.ts';
import { post, type DialogPort } from '../channel.ts';
import { isArmed, type Action, type DialogState } from '../state.ts';
import { signingRefusal } from './refusals.ts';
import { buildRequest, IdempotencyKeys } from './request.ts';

export interface SendContext {
  sessionId: string;
  /** The newest state (a command runs after renders it did not see). */
  state: () => DialogState;
  dispatch: (action: Action) => void;
  port: () => DialogPort | undefined;
  /** The server settings read when the dialog opened (null until then), for Connect's permission request. */
  settings: () => ServerSettings | null;
}

/** The login key a send uses (the dialog's selection, else the worker resolves it). */
export function selectedLoginKey(state: DialogState): string | undefined {
  return state.auth?.selected?.loginKey ?? state.session?.sendingAs?.loginKey;
}

/** How long the dialog keeps asking how a signing ended: DocuSign's link lives 5 minutes, a signer may take longer. */
const SIGNING_WATCH_MS = 30 * 60_000;
const SIGNING_POLL_MS = 1_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// One dialog per page (the frame's document): the keys of its sends.
const keys = new IdempotencyKeys();

/** Send the form (the controller checked that Send may act), or refuse it with its problems shown. */
export async function send({ sessionId, state, dispatch, port }: SendContext): Promise<void> {
  const current = state();
  const { form, documents } = current;
  const withLogin = { ...form, loginKey: selectedLoginKey(current), documents: documents.list.map((d) => d.sha256) };
  // The same form gets the same key: a retry after a failure can never create a second envelope.
  const built = buildRequest(sessionId, keys.keyFor(withLogin), withLogin, documents.list);
  if (!built.ok) return dispatch({ type: 'invalid' });
  dispatch({ type: 'sendStarted' });
  const answer = await call('sendEnvelope', built.request);
  if (!answer.ok) return dispatch({ type: 'sendFailed', failure: answer.error });
  const channel = port();
  if (channel) post(channel, { type: 'sent', envelopeId: answer.value.envelopeId });
  dispatch({ type: 'sent', result: answer.value });
}

/** Switch login and account for this site, as the popup does (the "Send from" choice). */
export async function choose({ state, dispatch }: SendContext, loginKey: string, accountId: string): Promise<void> {
  const session = state().session;
  if (!session) return;
  const chosen = await call('authSelect', { loginKey, accountId, site: session.page.url });
  dispatch(chosen.ok ? { type: 'authChanged', auth: chosen.value } : { type: 'chooseFailed', message: chosen.error.message });
}

export async function openInDocuSign({ sessionId, dispatch }: SendContext, envelopeId: string): Promise<void> {
  dispatch({ type: 'openingStarted' });
  const opened = await call('openInDocuSign', { sessionId, envelopeId });
  dispatch({ type: 'openingEnded', failure: opened.ok ? null : opened.error.message });
}

export async function signNow({ sessionId, state, dispatch, port }: SendContext, envelopeId: string, recipientId: string): Promise<void> {
  if (!isArmed(state())) return;
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
      const channel = port();
      if (channel) post(channel, { type: 'signed', event });
      return;
    }
  }
}
