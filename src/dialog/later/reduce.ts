/**
 * The reducer of the actions that only code loaded after the first paint dispatches (state.ts:
 * `LaterAction`): the send's outcome, Sign now, Open in DocuSign, adding, moving and removing documents,
 * the template step. controller.ts reduces with `reduceAll` once this has loaded, and such an action
 * cannot come before: its code loads with this or waits for it.
 */
import { isDocumentsAction, reduceDocuments } from '../documents-reducer.ts';
import { editable, reduce, type Action, type DialogState, type LaterAction } from '../state.ts';
import { reduceTemplate } from '../template/reducer.ts';
import { isTemplateAction } from '../template/state.ts';

const OUTCOME: ReadonlySet<string> = new Set<LaterAction['type']>(['sent', 'sendFailed', 'openingStarted', 'openingEnded', 'signing']);

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
  }
}

/** Every action: those of the first load (state.ts) and the later ones. */
export const reduceAll = (state: DialogState, action: Action): DialogState =>
  isLater(action) ? reduceLater(state, action) : reduce(state, action);
