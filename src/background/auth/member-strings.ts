/**
 * Every sentence the member sign-in shows (in the popup's notice, or as a send error), in one place
 * until the extension has a chrome.i18n layer.
 */
import type { EndingMessages } from './tab-flow.ts';

const NOT_SIGNED_IN = 'You are not signed in to your organization.';

export const MEMBER_ENDINGS: EndingMessages = {
  tab_closed: `The sign-in tab was closed before you finished. ${NOT_SIGNED_IN} Click your company's Sign in button to try again.`,
  denied: `Your company's sign-in did not allow SignBridge. ${NOT_SIGNED_IN}`,
  expired: `The sign-in took too long and expired, for your safety. ${NOT_SIGNED_IN} Click your company's Sign in button to try again.`,
  reused: `SignBridge ignored a sign-in answer that was already used. ${NOT_SIGNED_IN}`,
  wrong_state: `SignBridge ignored a sign-in answer it did not ask for (its security check did not match). ${NOT_SIGNED_IN} If you were signing in, try again.`,
  auth_error: (error) => `Your company's sign-in could not be completed (${error}). ${NOT_SIGNED_IN} Try again.`,
};

export const MEMBER_TEXT = {
  signedIn: (name: string, email: string, company: string) => `Signed in as ${name} (${email}) · ${company}.`,
  signedOut: (name: string, company: string) => `Signed out ${name} from ${company}.`,
  signedOutLocally: (name: string, company: string) =>
    `Signed out ${name} from ${company} on this browser. The SignBridge server could not be reached to end the session there; it ends by itself within the hour.`,
  noSendAs: (company: string) => `${company} does not let members send as the organization yet; ask your administrator.`,
  providerUnknown: 'The SignBridge server no longer offers that sign-in. Close and reopen this menu to see the current ones.',
  idpUnreachable: (company: string) => `SignBridge could not reach ${company}'s sign-in service. ${NOT_SIGNED_IN} Check your connection and try again.`,
  idpRefused: (company: string) => `${company}'s sign-in did not complete (the answer could not be verified). ${NOT_SIGNED_IN} Try again.`,
  serverUnreachable: `SignBridge could not reach its server to finish signing you in. ${NOT_SIGNED_IN} Check your connection and try again.`,
  needsPermission: (origin: string) =>
    `SignBridge needs your permission to reach your company's sign-in at ${origin}. Click the Sign in button again and choose Allow.`,
  notSignedIn: 'Sign in with your company from the SignBridge menu, then send again.',
  sessionExpired: (company: string) => `Your ${company} session has ended. Sign in with ${company} again from the SignBridge menu.`,
} as const;

const VERIFY = 'SignBridge could not verify your sign-in:';
const RETRY = `${NOT_SIGNED_IN} Try again; if it keeps happening, tell your IT administrator.`;

/**
 * What each refusal of `POST /v1/sessions` means for the member, in plain words; null when SignBridge has
 * no better words than the server's (an unknown code, or a domain it could not read from the ID token).
 */
export function sessionRefusal(code: string, context: { company: string; domain: string | null }): string | null {
  const { company, domain } = context;
  if (code === 'no_tenant_for_domain' && domain === null) return null;
  const messages: Record<string, string> = {
    id_token_invalid: `${VERIFY} the identity token from ${company} was not valid. ${RETRY}`,
    id_token_wrong_issuer: `${VERIFY} the token came from another identity provider than the one ${company} uses here. ${RETRY}`,
    id_token_wrong_audience: `${VERIFY} the token was issued for another application. ${RETRY}`,
    id_token_expired: `${VERIFY} the token had expired when it reached the server. Check this computer's clock. ${RETRY}`,
    id_token_bad_signature: `${VERIFY} the token's signature did not match ${company}'s keys. ${RETRY}`,
    id_token_alg_not_allowed: `${VERIFY} the token was signed with an algorithm SignBridge does not accept. ${RETRY}`,
    id_token_unknown_key: `${VERIFY} the token was signed with a key ${company} does not publish. ${RETRY}`,
    id_token_nonce_mismatch: `${VERIFY} the token did not answer this sign-in (its security check did not match). ${RETRY}`,
    id_token_nonce_replayed: `${VERIFY} that sign-in answer was already used once, and answers are single use. ${RETRY}`,
    email_not_verified: `Your company has not verified your email address, so SignBridge cannot tell which organization you belong to. ${NOT_SIGNED_IN} Ask your IT administrator.`,
    no_tenant_for_domain: `${domain ?? ''} does not belong to an organization that uses SignBridge here. ${NOT_SIGNED_IN} Ask your IT administrator.`,
    wrong_identity_provider: `Your email address belongs to an organization that signs in another way. ${NOT_SIGNED_IN} Use your own company's Sign in button.`,
    unknown_identity_provider: MEMBER_TEXT.providerUnknown,
  };
  return messages[code] ?? null;
}
