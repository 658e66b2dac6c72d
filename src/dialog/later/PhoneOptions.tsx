/**
 * A signer's phone options in their recipient row: delivery by e-mail, SMS or both, SMS or phone
 * authentication through the account's identity-verification workflows, and, while either uses it, the
 * phone number (prefilled from the page; checked as the server checks it, shared/phone.ts). Rendered from
 * later/ (its row appears in each signer's a moment after the form, load-later.ts), with the check of a
 * typed number.
 */
import type { ComponentChildren } from 'preact';
import { AUTHENTICATIONS, DELIVERIES } from '../../shared/recipient-rules.ts';
import { t } from '../../shared/i18n.ts';
import type { Recipient } from '../../shared/messages.ts';
import { errorDomId, fieldDomId, type FieldError } from '../form-fields.ts';
import { FieldErrorText } from './FieldErrorText.tsx';
import { needsPhone, phoneIsValid } from './validate.ts';

interface Props {
  n: number;
  recipient: Recipient;
  edit: (patch: Partial<Recipient>) => void;
  /**
   * The form's errors once Send was tried (later/validate.ts); before that a typed number is checked
   * as it changes.
   */
  errors: readonly FieldError[];
}

const DELIVERY_LABELS = { email: 'fields_delivery_email', sms: 'fields_delivery_sms', email_and_sms: 'fields_delivery_both' } as const;
const AUTH_LABELS = { none: 'fields_auth_none', sms: 'fields_auth_sms', phone: 'fields_auth_phone' } as const;

export function PhoneOptions({ n, recipient: r, edit, errors }: Props) {
  const field = `r${n - 1}-phone` as const;
  const fromForm = errors.some((e) => e.field === field);
  const typedWrong = needsPhone(r) && r.phone.trim() !== '' && !phoneIsValid(r.phone);
  const phoneError = fromForm || typedWrong;
  const errorId = errorDomId(field);
  // Each control under a visible caption, as the row's own columns are. The phone only while the delivery
  // or the check uses it: a number beside "By e-mail" and "No extra check" would look as if it were used.
  return (
    <div class="phone-options" data-testid="phone-options">
      <Choice caption={t('fields_col_delivery')} name={t('fields_delivery_label', String(n))} value={r.delivery} onPick={(value) => edit({ delivery: pick(DELIVERIES, value, 'email') })}>
        {DELIVERIES.map((d) => <option value={d}>{t(DELIVERY_LABELS[d])}</option>)}
      </Choice>
      <Choice caption={t('fields_col_auth')} name={t('fields_auth_label', String(n))} value={r.auth} onPick={(value) => edit({ auth: pick(AUTHENTICATIONS, value, 'none') })}>
        {AUTHENTICATIONS.map((a) => <option value={a}>{t(AUTH_LABELS[a])}</option>)}
      </Choice>
      {needsPhone(r) ? (
        <label>
          <span class="caption">{t('fields_col_phone')}</span>
          <input
            aria-label={t('fields_phone_label', String(n))}
            placeholder={t('fields_phone_placeholder')}
            type="tel"
            autocomplete="tel"
            id={fieldDomId(field)}
            value={r.phone}
            aria-invalid={phoneError}
            {...(phoneError ? { 'aria-describedby': errorId } : {})}
            onInput={(e) => edit({ phone: e.currentTarget.value })}
          />
        </label>
      ) : null}
      {fromForm ? <FieldErrorText field={field} errors={errors} /> : null}
      {!fromForm && typedWrong ? <p id={errorId} class="field-error" role="alert">{t('fields_phone_invalid')}</p> : null}
    </div>
  );
}

interface ChoiceProps {
  caption: string;
  /** The accessible name, which contains the caption's words (WCAG 2.5.3) and says whose choice it is. */
  name: string;
  value: string;
  onPick: (value: string) => void;
  /** The `<option>`s. */
  children: ComponentChildren;
}

/** One of the row's choices under its visible caption. */
function Choice({ caption, name, value, onPick, children }: ChoiceProps) {
  return (
    <label>
      <span class="caption">{caption}</span>
      <select aria-label={name} value={value} onChange={(e) => onPick(e.currentTarget.value)}>{children}</select>
    </label>
  );
}

function pick<T extends string>(list: readonly T[], value: string, fallback: T): T {
  return list.find((x) => x === value) ?? fallback;
}
