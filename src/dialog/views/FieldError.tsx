import { t } from '../../shared/i18n.ts';
import { errorDomId, fieldDomId, type FieldError, type FieldId } from '../form-fields.ts';

/** The attributes that tie a field to its error (WAI-ARIA: aria-invalid and aria-describedby). */
export function fieldAttributes(field: FieldId, errors: readonly FieldError[], hint?: string) {
  const invalid = errors.some((e) => e.field === field);
  const described = [invalid ? errorDomId(field) : '', hint ?? ''].filter(Boolean).join(' ');
  return {
    id: fieldDomId(field),
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': described || undefined,
  };
}

/** The error text of one field, right below it. */
export function FieldErrorText({ field, errors }: { field: FieldId; errors: readonly FieldError[] }) {
  const error = errors.find((e) => e.field === field);
  if (!error) return null;
  const text = 'n' in error ? t(error.key, String(error.n)) : 'subs' in error ? t(error.key, ...error.subs) : t(error.key);
  return <p class="field-error" id={errorDomId(field)}>{text}</p>;
}
