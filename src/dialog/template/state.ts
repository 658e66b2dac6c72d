/**
 * "Use a template" in the dialog's one state (state.ts): the account's templates, the one chosen, and the
 * recipients the form had before, so "Don't use a template" gives them back. Choosing a template puts one
 * signer per role into the form (mapping.ts fills them from the page), each naming its role and carrying
 * the values of its text fields; they are edited there like any recipient and validated the same way.
 */
import type { TemplateDetail, TemplateSummary } from '../../shared/api-templates.ts';
import type { Recipient } from '../../shared/messages.ts';
import type { DialogState } from '../state.ts';

export type TemplateList =
  | { name: 'loading' }
  | { name: 'failed'; message: string }
  | { name: 'loaded'; templates: TemplateSummary[] };

export type ChosenTemplate =
  | { name: 'loading'; templateId: string }
  | { name: 'failed'; templateId: string; message: string }
  | { name: 'ready'; detail: TemplateDetail };

export interface TemplateState {
  /** The step is shown (its module loads when it first is). */
  open: boolean;
  list: TemplateList | null;
  chosen: ChosenTemplate | null;
  /** The form's recipients before a template replaced them. */
  saved: Recipient[] | null;
}

export const initialTemplate: TemplateState = { open: false, list: null, chosen: null, saved: null };

export type TemplateAction =
  | { type: 'templateOpened' }
  | { type: 'templateListing' }
  | { type: 'templateListed'; templates: TemplateSummary[] }
  | { type: 'templateListFailed'; message: string }
  | { type: 'templateChosen'; templateId: string }
  | { type: 'templateFailed'; templateId: string; message: string }
  /** The detail arrived; `recipients`: one signer per role, already mapped from the page. */
  | { type: 'templateApplied'; detail: TemplateDetail; recipients: Recipient[] }
  | { type: 'templateText'; index: number; label: string; value: string }
  | { type: 'templateIncludeDocument'; value: boolean }
  | { type: 'templateCleared' };

export const isTemplateAction = (action: { type: string }): action is TemplateAction => action.type.startsWith('template');

/** `locked`: sending or sent, when nothing may change. */
export function reduceTemplate(state: DialogState, action: TemplateAction, locked: boolean): DialogState {
  if (locked) return state;
  const template = state.template;
  const set = (next: Partial<TemplateState>): DialogState => ({ ...state, template: { ...template, ...next } });
  switch (action.type) {
    case 'templateOpened':
      return set({ open: true });
    case 'templateListing':
      return set({ list: { name: 'loading' } });
    case 'templateListed':
      return set({ list: { name: 'loaded', templates: action.templates } });
    case 'templateListFailed':
      return set({ list: { name: 'failed', message: action.message } });
    case 'templateChosen':
      return set({ chosen: { name: 'loading', templateId: action.templateId } });
    case 'templateFailed':
      // Only the answer for the template still chosen counts (the user may have picked another meanwhile).
      return template.chosen?.name === 'loading' && template.chosen.templateId === action.templateId
        ? set({ chosen: { name: 'failed', templateId: action.templateId, message: action.message } })
        : state;
    case 'templateApplied': {
      const pending = template.chosen;
      if (pending?.name !== 'loading' || pending.templateId !== action.detail.templateId) return state;
      const saved = template.saved ?? state.form.recipients;
      return {
        ...state,
        template: { ...template, chosen: { name: 'ready', detail: action.detail }, saved },
        form: { ...state.form, recipients: action.recipients, template: { templateId: action.detail.templateId, includeDocument: state.form.template?.includeDocument ?? false } },
      };
    }
    case 'templateText': {
      const recipients = state.form.recipients.map((r, i) =>
        i === action.index ? { ...r, textValues: (r.textValues ?? []).map((x) => (x.label === action.label ? { ...x, value: action.value } : x)) } : r,
      );
      return { ...state, form: { ...state.form, recipients } };
    }
    case 'templateIncludeDocument':
      return state.form.template ? { ...state, form: { ...state.form, template: { ...state.form.template, includeDocument: action.value } } } : state;
    case 'templateCleared': {
      const { template: _used, ...form } = state.form;
      return { ...state, template: initialTemplate, form: { ...form, recipients: template.saved ?? state.form.recipients } };
    }
  }
}
