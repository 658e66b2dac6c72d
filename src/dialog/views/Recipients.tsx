import { t } from '../../shared/i18n.ts';
import { fieldDomId } from '../form-fields.ts';
import { shownErrors } from '../load-later.ts';
import { isLocked } from '../state.ts';
import { FieldErrorText } from './FieldError.tsx';
import type { SectionProps } from './props.ts';
import { RecipientRow } from './RecipientRow.tsx';

/** The recipients, in routing order as the user set it, with Add signer and Add CC. */
export function Recipients({ state, commands }: SectionProps) {
  const { recipients } = state.form;
  const errors = shownErrors(state);
  const add = (role: 'signer' | 'cc') => commands.dispatch({ type: 'addRecipient', role });
  return (
    <fieldset disabled={isLocked(state)}>
      <legend>{t('dialog_recipients')}</legend>
      {/* Visible column labels; each field's accessible name ("Recipient 2 email") contains its column's word. */}
      <div class="recipient-head" aria-hidden="true">
        <span>{t('dialog_colRole')}</span><span>{t('dialog_colName')}</span><span>{t('dialog_colEmail')}</span>
        <span title={t('dialog_orderHint')}>{t('dialog_colOrder')}</span>
      </div>
      <p id="order-hint" hidden>{t('dialog_orderHint')}</p>
      {recipients.map((recipient, index) => (
        <RecipientRow key={index} index={index} recipient={recipient} only={recipients.length === 1} errors={errors} dispatch={commands.dispatch} />
      ))}
      <FieldErrorText field="recipients" errors={errors} />
      <div class="add">
        <button type="button" class="secondary" id={fieldDomId('recipients')} onClick={() => add('signer')}>{t('dialog_addSigner')}</button>
        <button type="button" class="secondary" onClick={() => add('cc')}>{t('dialog_addCc')}</button>
      </div>
    </fieldset>
  );
}
