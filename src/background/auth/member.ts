/**
 * Pure parts of the member sign-in: the records kept from the server's session answer, whether a
 * session still counts as signed in, and what extension pages see of it. No browser APIs here.
 */
import type { SessionResponse } from '../../shared/api.ts';
import { ORGANIZATION_KEY_PREFIX, organizationAccountLabel, type OrganizationView } from '../../shared/auth.ts';
import { t } from '../../shared/i18n.ts';
import type { MemberSession, Membership } from './member-store.ts';

/** A session this close to its end is treated as over: a send started now must not die half way. */
export const SESSION_MARGIN_MS = 30_000;

export const organizationKey = (tenantId: string): string => `${ORGANIZATION_KEY_PREFIX}${tenantId}`;

/** The server's `expiresAt` (ISO 8601) in epoch milliseconds; an unreadable one counts as already over. */
export function expiresAtMs(value: string): number {
  const at = Date.parse(value);
  return Number.isNaN(at) ? 0 : at;
}

export function recordsFromSession(
  provider: { id: string; name: string },
  answer: SessionResponse,
  now: number,
  server: string,
): { membership: Membership; session: MemberSession } {
  const expiresAt = expiresAtMs(answer.expiresAt);
  return {
    membership: {
      identityProviderId: provider.id,
      providerName: provider.name,
      tenant: { id: answer.tenant.id, name: answer.tenant.name },
      member: { sub: answer.member.sub, email: answer.member.email, name: answer.member.name },
      sendAs: answer.sendAs.map(({ accountId, accountName, site }) => ({ accountId, accountName, site })),
      signedInAt: now,
      expiresAt,
    },
    session: { token: answer.session, tenantId: answer.tenant.id, expiresAt, server },
  };
}

/** Signed in while a session token for this organization is held and not (nearly) expired. */
export function sessionState(membership: Membership, session: MemberSession | null, now: number): 'active' | 'expired' {
  if (session === null || session.tenantId !== membership.tenant.id) return 'expired';
  return now < session.expiresAt - SESSION_MARGIN_MS ? 'active' : 'expired';
}

export function organizationView(membership: Membership | null, session: MemberSession | null, now: number): OrganizationView | null {
  if (membership === null) return null;
  const { identityProviderId, tenant, member, sendAs, expiresAt } = membership;
  return {
    key: organizationKey(tenant.id),
    identityProviderId,
    tenant,
    member,
    sendAs: sendAs.map((a) => ({ ...a, label: organizationAccountLabel({ tenant, sendAs }, a.accountId) })),
    state: sessionState(membership, session, now),
    expiresAt,
  };
}

/** The domain of an email address, for "<domain> does not belong to an organization". */
export function emailDomain(email: string | undefined): string | null {
  const at = email?.lastIndexOf('@') ?? -1;
  return email && at > 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : null;
}

/** Each refusal of `POST /v1/sessions` in the member's words (given the company's name). */
const REFUSALS: Record<string, (company: string) => string> = {
  id_token_invalid: (company) => t('member_refusedIdTokenInvalid', company),
  id_token_wrong_issuer: (company) => t('member_refusedWrongIssuer', company),
  id_token_wrong_audience: () => t('member_refusedWrongAudience'),
  id_token_expired: () => t('member_refusedExpired'),
  id_token_bad_signature: (company) => t('member_refusedBadSignature', company),
  id_token_alg_not_allowed: () => t('member_refusedAlg'),
  id_token_unknown_key: (company) => t('member_refusedUnknownKey', company),
  id_token_nonce_mismatch: () => t('member_refusedNonceMismatch'),
  id_token_nonce_replayed: () => t('member_refusedNonceReplayed'),
  email_not_verified: () => t('member_refusedEmailNotVerified'),
  wrong_identity_provider: () => t('member_refusedWrongProvider'),
  unknown_identity_provider: () => t('member_providerUnknown'),
};

/**
 * What each refusal of `POST /v1/sessions` means for the member, in plain words; null when SignBridge has
 * no better words than the server's (an unknown code, or a domain it could not read from the ID token).
 */
export function sessionRefusal(code: string, context: { company: string; domain: string | null }): string | null {
  if (code === 'no_tenant_for_domain') return context.domain === null ? null : t('member_refusedNoTenant', context.domain);
  return REFUSALS[code]?.(context.company) ?? null;
}
