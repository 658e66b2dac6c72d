/**
 * What the dialog loads on Send and after it, as one chunk (load-later.ts loads it once the form has
 * painted): the form's checks, the request and the send, and the views of a send under way, failed or sent.
 */
export { openInDocuSign, send, signNow, type SendContext } from './commands.ts';
export { Outcome } from './Outcome.tsx';
export { SignNow } from './SignNow.tsx';
export { fieldErrors, phoneIsValid } from './validate.ts';
