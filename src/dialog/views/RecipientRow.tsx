import { t } from '../../shared/i18n.ts';
import type { Recipient } from '../../shared/messages.ts';
import type { Action } from '../state.ts';
import type { FieldError } from '../form-fields.ts';
import { fieldAttributes, FieldErrorText } from './FieldError.tsx';
import { laterModule } from '../load-later.ts';

interface Props {
  index: number;
  recipient: Recipient;
  /** The last recipient cannot be removed. */
  only: boolean;
  errors: readonly FieldError[];
  dispatch: (action: Action) => void;
}

export function RecipientRow({ index, recipient: r, only, errors, dispatch }: Props) {
  const n = String(index + 1);
  const edit = (patch: Partial<Recipient>) => dispatch({ type: 'editRecipient', index, patch });
  const fields = [`r${index}-name`, `r${index}-email`, `r${index}-order`] as const;
  // A signer's SMS and phone options come with the code that checks them, a moment after the form (load-later.ts).
  const later = laterModule();
  return (
    <div class="recipient" data-testid="recipient">
      <select aria-label={t('dialog_roleLabel', n)} value={r.role} onChange={(e) => edit({ role: e.currentTarget.value === 'cc' ? 'cc' : 'signer' })}>
        <option value="signer">{t('dialog_roleSigner')}</option>
        <option value="cc">{t('dialog_roleCc')}</option>
      </select>
      <input
        aria-label={t('dialog_nameLabel', n)} placeholder={t('dialog_colName')} value={r.name} autocomplete="off"
        {...fieldAttributes(fields[0], errors)} onInput={(e) => edit({ name: e.currentTarget.value })}
      />
      <input
        aria-label={t('dialog_emailLabel', n)} placeholder={t('dialog_colEmail')} type="email" value={r.email} autocomplete="off"
        {...fieldAttributes(fields[1], errors)} onInput={(e) => edit({ email: e.currentTarget.value })}
      />
      <input
        aria-label={t('dialog_orderLabel', n)} type="number" min={1} max={99} value={r.routingOrder}
        {...fieldAttributes(fields[2], errors, 'order-hint')}
        onInput={(e) => edit({ routingOrder: e.currentTarget.valueAsNumber })}
      />
      <button type="button" class="secondary" aria-label={t('dialog_removeLabel', n)} disabled={only} onClick={() => dispatch({ type: 'removeRecipient', index })}>
        {t('dialog_remove')}
      </button>
      {r.role === 'signer' ? (
        <label class="sign-now">
          <input type="checkbox" checked={r.signNow} onChange={(e) => edit({ signNow: e.currentTarget.checked })} /> {t('dialog_signsNow')}
        </label>
      ) : null}
      {r.role === 'signer' && later ? <later.PhoneOptions n={index + 1} recipient={r} edit={edit} errors={errors} /> : null}
      {fields.map((field) => <FieldErrorText key={field} field={field} errors={errors} />)}
    </div>
  );
}
