/**
 * Void, confirmed: the reason is required and bounded (DocuSign shows it to the recipients and keeps
 * 200 characters), the warning says what voiding does, and only "Void envelope" voids. An empty reason
 * is an error on its field (aria-invalid, aria-describedby, focus), never a request.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';

export const MAX_VOID_REASON = 200;

export function VoidForm({ disabled, onVoid, onCancel }: { disabled: boolean; onVoid: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => field.current?.focus(), []);
  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed === '') {
      setMissing(true);
      field.current?.focus();
      return;
    }
    onVoid(trimmed);
  };
  return (
    <form class="void-form" onSubmit={submit} noValidate>
      <label>
        {t('status_voidReason')}
        <textarea
          ref={field}
          rows={2}
          maxLength={MAX_VOID_REASON}
          value={reason}
          aria-invalid={missing}
          aria-describedby={missing ? 'void-warning void-error' : 'void-warning'}
          onInput={(e) => {
            setReason(e.currentTarget.value);
            setMissing(false);
          }}
        />
      </label>
      <p id="void-warning" class="notice">{t('status_voidWarning')}</p>
      {missing ? <p id="void-error" class="error">{t('status_voidReasonMissing')}</p> : null}
      <div class="actions">
        <button type="button" class="secondary" onClick={onCancel}>{t('status_voidCancel')}</button>
        <button type="submit" class="danger" disabled={disabled}>{t('status_voidConfirm')}</button>
      </div>
    </form>
  );
}
