/**
 * The organization member in the popup: "Sign in with <company>" for each identity provider the server
 * offers, then who is signed in to which organization, Sign out, and "Sign in again" once the session
 * has ended. The session token never reaches this page; the worker keeps it.
 */
import type { MemberStatus } from '../shared/auth.ts';
import type { IdentityProviderView } from '../shared/messages.ts';
import { t } from '../shared/i18n.ts';

export interface OrganizationCardProps {
  member: MemberStatus;
  providers: IdentityProviderView[];
  busy: boolean;
  onSignIn: (provider: Pick<IdentityProviderView, 'id' | 'issuer'>) => void;
  onSignOut: () => void;
  onDismiss: () => void;
}

export function OrganizationCard({ member, providers, busy, onSignIn, onSignOut, onDismiss }: OrganizationCardProps) {
  const org = member.organization;
  if (org === null && providers.length === 0 && member.notice === null) return null;
  const provider = org ? providers.find((p) => p.id === org.identityProviderId) : undefined;
  return (
    <section class="organization" aria-label={t('member_heading')} data-testid="organization">
      {member.notice && (
        <div class={`notice notice-${member.notice.kind}`} role={member.notice.kind === 'error' ? 'alert' : 'status'} data-code={member.notice.code}>
          <span>{member.notice.message}</span>
          <button type="button" class="link" onClick={onDismiss}>
            {t('popup_dismiss')}
          </button>
        </div>
      )}
      {member.pendingProvider !== null && (
        <p class="muted" role="status">
          {t('member_pending', member.pendingProvider)}
        </p>
      )}
      {org ? (
        <div class={`login${org.state === 'active' ? '' : ' expired'}`} aria-label={org.tenant.name} role="region">
          <header>
            <strong data-testid="member">{t('member_member', org.member.name, org.tenant.name)}</strong>
            <span class="muted">{org.member.email}</span>
          </header>
          {org.state === 'expired' ? (
            <p class="error" role="alert">
              {t('member_expired', org.tenant.name)}
            </p>
          ) : (
            <p class="muted">
              {org.sendAs.length > 0
                ? t('member_sendsFrom', org.sendAs.map((a) => a.accountName).join(', '))
                : t('member_noSendAs', org.tenant.name)}
            </p>
          )}
          <div class="actions">
            {org.state === 'expired' && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onSignIn({ id: org.identityProviderId, issuer: provider?.issuer ?? '' })}
              >
                {t('member_signInAgain')}
              </button>
            )}
            <button type="button" class="secondary" disabled={busy} onClick={onSignOut}>
              {t('member_signOut')}
            </button>
          </div>
        </div>
      ) : (
        providers.length > 0 && (
          <>
            <p class="muted">{t('member_intro')}</p>
            <div class="actions">
              {providers.map((p) => (
                <button key={p.id} type="button" class="secondary" disabled={busy} onClick={() => onSignIn(p)}>
                  {t('member_signInWith', p.name)}
                </button>
              ))}
            </div>
          </>
        )
      )}
    </section>
  );
}
