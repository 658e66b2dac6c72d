/** The popup's organization sentences, in one place until the extension has a chrome.i18n layer. */
export const ORG_TEXT = {
  heading: 'Your organization',
  intro: 'No DocuSign login of your own? Sign in with your company to send as your organization.',
  signInWith: (company: string) => `Sign in with ${company}`,
  signInAgain: 'Sign in again',
  signOut: 'Sign out',
  dismiss: 'Dismiss',
  pending: (company: string) => `Finish signing in with ${company} in the tab that opened. This menu updates when you are done.`,
  member: (name: string, company: string) => `${name} · ${company}`,
  sendsFrom: (accounts: string) => `Sends as the organization from ${accounts}.`,
  noSendAs: (company: string) => `${company} does not let members send as the organization yet; ask your administrator.`,
  expired: (company: string) => `Your ${company} session has ended. Sign in again to send as the organization.`,
  permissionRefused: (origin: string) =>
    `SignBridge was not allowed to reach your company's sign-in at ${origin}, so it cannot sign you in. Click the button again and choose Allow.`,
} as const;
