/**
 * The reducer of the actions that only code loaded after the first paint dispatches (state.ts:
 * `LaterAction`): the send's outcome, Sign now, Open in DocuSign, adding, moving and removing documents,
 * the template step, Connect and Reconnect (and the worker's news that ends one: link.ts). controller.ts
 * reduces with `reduceAll` once this has loaded, and such an action cannot come before: its code loads
 * with this or waits for it.
 */
import { isDocumentsAction, reduceDocuments } from '../documents-reducer.ts';
import { editable, reduce, type Action, type DialogState, type LaterAction } from '../state.ts';
import { isTemplateAction, reduceTemplate } from '../template/reducer.ts';
import { linkAfter } from './link.ts';

const OUTCOME: ReadonlySet<string> = new Set<LaterAction['type']>([
  'sent', 'sendFailed', 'openingStarted', 'openingEnded', 'signing', 'linkStarted', 'linkFailed', 'chooseFailed', 'invalid',
]);

const isLater = (action: Action): action is LaterAction =>
  OUTCOME.has(action.type) || isDocumentsAction(action) || (isTemplateAction(action) && action.type !== 'templateOpened');

function reduceLater(state: DialogState, action: LaterAction): DialogState {
  if (isDocumentsAction(action)) return editable(state) ? { ...state, documents: reduceDocuments(state.documents, action) } : state;
  if (isTemplateAction(action)) return reduceTemplate(state, action, !editable(state));
  switch (action.type) {
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
    case 'linkStarted':
      return { ...state, link: { name: 'started', mode: action.mode, loginKey: action.loginKey, at: action.at } };
    case 'linkFailed':
      return { ...state, link: { name: 'failed', message: action.message } };
    case 'chooseFailed':
      return { ...state, chooseError: action.message };
    // Send refused for the form's problems; one that waited for its checks goes back to the phase it was in.
    case 'invalid': {
      const phase = state.phase.name === 'sending' && state.phase.before ? state.phase.before : state.phase;
      return { ...state, attempts: state.attempts + 1, phase };
    }
  }
}

/** Every action: those of the first load (state.ts) and the later ones. */
export function reduceAll(state: DialogState, action: Action): DialogState {
  if (isLater(action)) return reduceLater(state, action);
  const next = reduce(state, action);
  // A sign-in started here (only this chunk starts one) is over once the worker's news says so.
  return action.type === 'authChanged' ? { ...next, link: linkAfter(state.link, action.auth) } : next;
}
