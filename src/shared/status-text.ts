/**
 * A document's status in words for the extension pages (the status panel, the popup), with the same
 * messages the page button uses, so all three say the same thing. Dates in the browser's language.
 */
import { t, uiLanguage } from './i18n.ts';
import type { DocumentStatus } from './status-messages.ts';

let day: Intl.DateTimeFormat | undefined;
let moment: Intl.DateTimeFormat | undefined;

/** "1 Dec" (en-GB) or "Dec 1" (en-US). */
export const dayText = (at: number | undefined): string =>
  at === undefined ? '' : (day ??= new Intl.DateTimeFormat(uiLanguage(), { day: 'numeric', month: 'short' })).format(at);

/** "1 Dec, 10:30". */
export const momentText = (at: number | undefined): string =>
  at === undefined ? '' : (moment ??= new Intl.DateTimeFormat(uiLanguage(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })).format(at);

export function stateText(status: DocumentStatus): string {
  const date = dayText(status.at);
  switch (status.state) {
    case 'sent':
      return t('status_stateSent', date);
    case 'delivered':
      return t('status_buttonDelivered', date);
    case 'signing':
      return t('status_buttonSigning', String(status.signed), String(status.of), date);
    case 'completed':
      return t('status_buttonCompleted', date);
    case 'declined':
      return t('buttonDeclined', date);
    case 'voided':
      return t('status_buttonVoided', date);
  }
}
