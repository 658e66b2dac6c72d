/**
 * "Use a template" in the dialog's one state (state.ts): the account's templates, the one chosen, and the
 * recipients the form had before, so "Don't use a template" gives them back. Choosing a template puts one
 * signer per role into the form (mapping.ts fills them from the page), each naming its role and carrying
 * the values of its text fields; they are edited there like any recipient and validated the same way.
 * The reducer (reducer.ts) loads with the step.
 */
import type { TemplateDetail, TemplateSummary } from '../../shared/api-templates.ts';
import type { Recipient } from '../../shared/messages.ts';

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

