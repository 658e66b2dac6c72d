/** Refusals from DocuSign that the dialog says in its own words instead of DocuSign's. */
import type { ErrorCode } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';

/** DocuSign refuses a signing view for an envelope that is completed, declined or voided: say so in words. */
export function signingRefusal(error: { code: string; message: string }): string {
  // Literals checked against ErrorCode (the ErrorCodes object would bring every code into the dialog).
  const refused: ErrorCode[] = ['docusign_rejected', 'envelope_not_in_progress'];
  return (refused as string[]).includes(error.code) ? t('dialog_signNoLonger') : error.message;
}
