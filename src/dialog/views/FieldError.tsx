import { errorDomId, fieldDomId, type FieldError, type FieldId } from '../form-fields.ts';
import { laterModule } from '../load-later.ts';

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

export interface FieldErrorProps {
  field: FieldId;
  errors: readonly FieldError[];
}

/**
 * The error text of one field, right below it (later/FieldErrorText.tsx). Errors come only from the checks
 * in later/ (load-later.ts: `shownErrors`), so until it has loaded there is none to show.
 */
export function FieldErrorText(props: FieldErrorProps) {
  const later = laterModule();
  return later ? <later.FieldErrorText {...props} /> : null;
}
