/**
 * What the dialog needs only once the user acts, as one chunk (load-later.ts loads it once the form has
 * painted): the form's checks, the request and the send, the views of a send under way, failed or sent,
 * adding documents, Connect and Reconnect, the "Send from" switch, the status panel and the template
 * step's entry, and the reducer of all that and of the template step (reduce.ts).
 */
import css from './later.css?inline';

// The rules of this chunk's views, with them: a stylesheet of their own that the first load does not carry,
// adopted here instead of linked through vite's import helper (whose list of files would be in the first load).
const sheet = new CSSStyleSheet();
sheet.replaceSync(css);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

export { choose, send, type SendContext } from './commands.ts';
export { Connection } from './Connection.tsx';
export { addLocalFile, offerPageDocuments } from './documents.ts';
export { reduceAll } from './reduce.ts';
export { FieldErrorText } from './FieldErrorText.tsx';
export { AddingDocument, OfferedDocuments } from './OfferedDocuments.tsx';
export { PhoneOptions } from './PhoneOptions.tsx';
export { Outcome } from './Outcome.tsx';
export { fieldErrors, focusFirstError, phoneIsValid } from './validate.ts';
export { fieldsStep } from './steps.ts';
export { FieldsSummary } from './FieldsSummary.tsx';
export { StatusPanel } from './StatusPanel.tsx';
export { TemplateOpen } from './TemplateOpen.tsx';
