import { t } from '../../shared/i18n.ts';
import type { Recipient } from '../../shared/messages.ts';
import type { Action } from '../state.ts';
import type { FieldError } from '../form-fields.ts';
import { fieldAttributes, FieldErrorText } from '../views/FieldError.tsx';
import { pageContacts } from './mapping.ts';

interface Props {
  index: number;
  recipient: Recipient;
  /** The page's record fields: its contacts can be picked for the role. */
  fields: Readonly<Record<string, string>>;
  errors: readonly FieldError[];
  dispatch: (action: Action) => void;
}

/** One role of the template: who fills it (a contact of the page, or typed), and its text fields' values. */
export function TemplateRoleRow({ index, recipient: r, fields, errors, dispatch }: Props) {
  const role = r.templateRole ?? '';
  const edit = (patch: Partial<Recipient>) => dispatch({ type: 'editRecipient', index, patch });
  const contacts = pageContacts(fields);
  const picked = contacts.find((c) => c.email.toLowerCase() === r.email.trim().toLowerCase())?.key ?? '';
  const ids = [`r${index}-name`, `r${index}-email`] as const;
  return (
    <fieldset class="template-role" data-testid="template-role">
      <legend>{role}</legend>
      {contacts.length > 0 ? (
        <label class="wide">
          {t('template_contactFrom', role)}
          <select
            value={picked}
            onChange={(e) => {
              const contact = contacts.find((c) => c.key === e.currentTarget.value);
              edit(contact ? { name: contact.name, email: contact.email, phone: contact.phone } : { name: '', email: '', phone: '' });
            }}
          >
            <option value="">{t('template_someoneElse')}</option>
            {contacts.map((c) => <option key={c.key} value={c.key}>{c.name ? `${c.name} <${c.email}>` : c.email}</option>)}
          </select>
        </label>
      ) : null}
      {/* A visible label, not a placeholder that goes once the field is filled; the name says whose ("Client name"). */}
      <label>
        {t('dialog_colName')}
        <input
          aria-label={t('template_roleName', role)} value={r.name} autocomplete="off"
          {...fieldAttributes(ids[0], errors)} onInput={(e) => edit({ name: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('dialog_colEmail')}
        <input
          aria-label={t('template_roleEmail', role)} type="email" value={r.email} autocomplete="off"
          {...fieldAttributes(ids[1], errors)} onInput={(e) => edit({ email: e.currentTarget.value })}
        />
      </label>
      {ids.map((field) => <FieldErrorText key={field} field={field} errors={errors} />)}
      {(r.textValues ?? []).map((x) => (
        <label key={x.label} class="wide">
          {x.label}
          <input
            value={x.value} maxLength={4000} autocomplete="off"
            onInput={(e) => dispatch({ type: 'templateText', index, label: x.label, value: e.currentTarget.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}
