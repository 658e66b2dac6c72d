import { t } from '../../shared/i18n.ts';
import { errorDomId } from '../form-fields.ts';
import type { FieldErrorProps } from '../views/FieldError.tsx';

/** The error text of one field, right below it (views/FieldError.tsx renders it once this chunk is there). */
export function FieldErrorText({ field, errors }: FieldErrorProps) {
  const error = errors.find((e) => e.field === field);
  if (!error) return null;
  const text = 'n' in error ? t(error.key, String(error.n)) : 'subs' in error ? t(error.key, ...error.subs) : t(error.key);
  return <p class="field-error" id={errorDomId(field)}>{text}</p>;
}
