import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { call } from '../../shared/rpc.ts';
import { shownErrors } from '../load-later.ts';
import { isLocked } from '../state.ts';
import type { SectionProps } from '../views/props.ts';
import { mapTemplate } from './mapping.ts';
import { TemplateRoleRow } from './TemplateRoleRow.tsx';
import './template.css';

/**
 * `loginKey`: the login the send uses (later/TemplateOpen.tsx passes later/commands.ts' selectedLoginKey:
 * importing it here would make this chunk import later/'s, which then costs the first load a namespace).
 */
export type TemplateStepProps = SectionProps & { sessionId: string; loginKey: string | undefined };

/**
 * The template step (loaded when first opened): the account's templates, then the chosen one's roles
 * and text fields as mapped from the page, every one editable, and whether the page's document is added.
 */
export function TemplateStep({ state, commands, sessionId, loginKey }: TemplateStepProps) {
  const { dispatch } = commands;
  const login = loginKey ? { loginKey } : {};
  const accountId = state.auth?.selected?.accountId ?? '';
  const [attempt, setAttempt] = useState(0);
  // Asked again when the dialog switches login or account: templates belong to an account.
  useEffect(() => {
    let live = true;
    dispatch({ type: 'templateListing' });
    void call('listTemplates', { sessionId, ...login }).then((answer) => {
      if (!live) return;
      dispatch(answer.ok ? { type: 'templateListed', templates: answer.value.templates } : { type: 'templateListFailed', message: answer.error.message });
    });
    return () => {
      live = false;
    };
  }, [sessionId, loginKey, accountId, attempt]);

  const { list, chosen, saved } = state.template;
  const session = state.session;
  const choose = async (templateId: string) => {
    dispatch({ type: 'templateChosen', templateId });
    const answer = await call('templateDetail', { sessionId, templateId, ...login });
    if (!answer.ok) return dispatch({ type: 'templateFailed', templateId, message: answer.error.message });
    const recipients = mapTemplate(answer.value, session?.fields ?? {}, session?.templates, saved ?? state.form.recipients);
    dispatch({ type: 'templateApplied', detail: answer.value, recipients });
  };
  const errors = shownErrors(state);
  const chosenId = chosen?.name === 'ready' ? chosen.detail.templateId : (chosen?.templateId ?? '');
  return (
    <fieldset class="template" disabled={isLocked(state)}>
      <legend>{t('template_legend')}</legend>
      {list === null || list.name === 'loading' ? <p class="muted" role="status">{t('template_loadingList')}</p> : null}
      {list?.name === 'failed' ? (
        <div role="alert">
          <p class="error">{t('template_listFailed', list.message)}</p>
          <button type="button" class="secondary" onClick={() => setAttempt(attempt + 1)}>{t('template_retry')}</button>
        </div>
      ) : null}
      {list?.name === 'loaded' && list.templates.length === 0 ? <p class="notice">{t('template_none')}</p> : null}
      {list?.name === 'loaded' && list.templates.length > 0 ? (
        <label>
          {t('template_choose')}
          <select value={chosenId} onChange={(e) => void choose(e.currentTarget.value)}>
            <option value="" disabled>{t('template_choosePlaceholder')}</option>
            {list.templates.map((x) => <option key={x.templateId} value={x.templateId}>{x.name || x.templateId}</option>)}
          </select>
        </label>
      ) : null}
      {chosen?.name === 'loading' ? <p class="muted" role="status">{t('template_loadingOne')}</p> : null}
      {chosen?.name === 'failed' ? <p class="error" role="alert">{chosen.message}</p> : null}
      {chosen?.name === 'ready' ? (
        <>
          <p class="muted">{t('template_documents', chosen.detail.documents.map((d) => d.name).join(', ') || '—')}</p>
          {state.form.recipients.map((r, index) => (
            <TemplateRoleRow key={index} index={index} recipient={r} fields={session?.fields ?? {}} errors={errors} dispatch={dispatch} />
          ))}
          <label class="check">
            <input
              type="checkbox" checked={state.form.template?.includeDocument ?? false}
              onChange={(e) => dispatch({ type: 'templateIncludeDocument', value: e.currentTarget.checked })}
            />
            {t('template_includeDocument')}
          </label>
        </>
      ) : null}
      <div class="add">
        <button type="button" class="secondary" onClick={() => dispatch({ type: 'templateCleared' })}>{t('template_stop')}</button>
      </div>
    </fieldset>
  );
}
