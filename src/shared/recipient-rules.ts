/**
 * What a recipient may be, as plain values: the worker's schemas (messages.ts, api-send.ts) build on
 * them and the send dialog checks its form with them, so the dialog ships no schema library (its
 * initial load has a budget: test/unit/bundle-size.test.ts). Pure, no imports.
 */

/**
 * What valibot's `email()` accepts (its EMAIL_REGEX, written case-insensitive), kept as a regex so an empty address can be allowed
 * for SMS-only signers and so the dialog refuses exactly what the worker refuses.
 */
export const EMAIL = /^[\w+-]+(?:\.[\w+-]+)*@[\da-z]+(?:[.-][\da-z]+)*\.[a-z]{2,}$/iu;

/** `email`: DocuSign's e-mail; `sms`: a text message instead; `email_and_sms`: both. */
export const DELIVERIES = ['email', 'sms', 'email_and_sms'] as const;
/** `sms`: a code by text message; `phone`: a call; both through the account's identity-verification workflows. */
export const AUTHENTICATIONS = ['none', 'sms', 'phone'] as const;
