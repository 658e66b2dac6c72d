import { t } from '../../shared/i18n.ts';
import { LIMITS } from '../form-fields.ts';
import { shownErrors } from '../load-later.ts';
import { isLocked } from '../state.ts';
import { fieldAttributes, FieldErrorText } from './FieldError.tsx';
import type { SectionProps } from './props.ts';

/** The e-mail DocuSign sends: subject (at most 100 characters, DocuSign's emailSubject limit) and message. */
export function MessageFields({ state, commands }: SectionProps) {
  const { subject, message } = state.form;
  const errors = shownErrors(state);
  return (
    <fieldset disabled={isLocked(state)}>
      <label>
        {t('dialog_subject')}
        <input
          value={subject} maxLength={LIMITS.subject} {...fieldAttributes('subject', errors)}
          onInput={(e) => commands.dispatch({ type: 'editSubject', value: e.currentTarget.value })}
        />
      </label>
      <FieldErrorText field="subject" errors={errors} />
      <label>
        {t('dialog_message')}
        <textarea
          rows={5} value={message} maxLength={LIMITS.message} {...fieldAttributes('message', errors)}
          onInput={(e) => commands.dispatch({ type: 'editMessage', value: e.currentTarget.value })}
        />
      </label>
      <FieldErrorText field="message" errors={errors} />
    </fieldset>
  );
}
