/** The send dialog's newer sentences, in one place until the extension has a chrome.i18n layer. */
export const DIALOG_TEXT = {
  nobodyToSendAs: 'No DocuSign login linked and no organization signed in yet: use the SignBridge button in the toolbar.',
  sendFrom: 'Send from',
} as const;
