/** Refusals from DocuSign that the dialog says in its own words instead of DocuSign's. */
import { ErrorCodes } from '../shared/errors.ts';
import { t } from '../shared/i18n.ts';

/** DocuSign refuses a signing view for an envelope that is completed, declined or voided: say so in words. */
export function signingRefusal(error: { code: string; message: string }): string {
  const refused: string[] = [ErrorCodes.DOCUSIGN_REJECTED, ErrorCodes.ENVELOPE_NOT_IN_PROGRESS];
  return refused.includes(error.code) ? t('dialog_signNoLonger') : error.message;
}
