/**
 * "Use a template" in the dialog's reducer (state.ts, template/state.ts). Its actions come from the
 * template step, which renders only once this has loaded (TemplateEntry.tsx, later/reduce.ts).
 */
import type { DialogState } from '../state.ts';
import { initialTemplate, type TemplateAction, type TemplateState } from './state.ts';

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

export const isTemplateAction = (action: { type: string }): action is TemplateAction => action.type.startsWith('template');
