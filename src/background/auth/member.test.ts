import { describe, expect, test } from 'vitest';
import type { SessionResponse } from '../../shared/api.ts';
import { installI18n } from '../../../test/support/i18n-stub.ts';
import { emailDomain, expiresAtMs, organizationView, recordsFromSession, SESSION_MARGIN_MS, sessionRefusal, sessionState } from './member.ts';

installI18n();

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const answer: SessionResponse = {
  session: 'sbs_secret-value',
  expiresAt: new Date(NOW + 3_600_000).toISOString(),
  member: { sub: 'dana-sub', email: 'dana@adams.example', name: 'Dana Diaz' },
  tenant: { id: 'adams', name: 'Adams Consulting' },
  sendAs: [{ accountId: 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55', accountName: 'Adams Consulting (US)', site: 'na2' }],
};
const { membership, session } = recordsFromSession({ id: 'adams', name: 'Adams Consulting' }, answer, NOW, 'http://127.0.0.1:8787');

describe('member session records', () => {
  test('the token goes to the session record only; the membership record holds no secret', () => {
    expect(session).toEqual({ token: 'sbs_secret-value', tenantId: 'adams', expiresAt: NOW + 3_600_000, server: 'http://127.0.0.1:8787' });
    expect(JSON.stringify(membership)).not.toContain('sbs_');
    expect(membership).toMatchObject({ identityProviderId: 'adams', providerName: 'Adams Consulting', tenant: answer.tenant, member: answer.member });
  });

  test('a session counts until shortly before it ends; none, another tenant or an unreadable end is over', () => {
    expect(sessionState(membership, session, NOW)).toBe('active');
    expect(sessionState(membership, session, session.expiresAt - SESSION_MARGIN_MS - 1)).toBe('active');
    expect(sessionState(membership, session, session.expiresAt - SESSION_MARGIN_MS)).toBe('expired');
    expect(sessionState(membership, session, session.expiresAt + 1)).toBe('expired');
    expect(sessionState(membership, null, NOW)).toBe('expired');
    expect(sessionState(membership, { ...session, tenantId: 'northwind' }, NOW)).toBe('expired');
    expect(expiresAtMs('not a date')).toBe(0);
  });

  test('what pages see: names, organization, accounts and state, keyed organization:<tenant>', () => {
    const view = organizationView(membership, session, NOW);
    expect(view).toEqual({
      key: 'organization:adams',
      identityProviderId: 'adams',
      tenant: answer.tenant,
      member: answer.member,
      sendAs: answer.sendAs.map((a) => ({ ...a, label: 'Adams Consulting · organization' })),
      state: 'active',
      expiresAt: NOW + 3_600_000,
    });
    expect(JSON.stringify(view)).not.toContain('sbs_');
    // After a browser restart storage.session is empty: still shown, as "Sign in again".
    expect(organizationView(membership, null, NOW)?.state).toBe('expired');
    expect(organizationView(null, session, NOW)).toBeNull();
  });
});

describe('refusals of POST /v1/sessions', () => {
  const codes = [
    'id_token_invalid', 'id_token_wrong_issuer', 'id_token_wrong_audience', 'id_token_expired', 'id_token_bad_signature',
    'id_token_alg_not_allowed', 'id_token_unknown_key', 'id_token_nonce_mismatch', 'id_token_nonce_replayed',
    'email_not_verified', 'no_tenant_for_domain', 'wrong_identity_provider', 'unknown_identity_provider',
  ];

  test('every code of the contract has its own clear message', () => {
    const messages = codes.map((code) => sessionRefusal(code, { company: 'Adams Consulting', domain: 'outsider.example' }));
    expect(messages.every((m) => typeof m === 'string' && m.length > 40)).toBe(true);
    expect(new Set(messages).size).toBe(codes.length);
    expect(sessionRefusal('something_new', { company: 'Adams Consulting', domain: null })).toBeNull();
  });

  test('a domain of no organization is named', () => {
    expect(sessionRefusal('no_tenant_for_domain', { company: 'Adams Consulting', domain: emailDomain('olga@Outsider.example') })).toBe(
      'outsider.example does not belong to an organization that uses SignBridge here. You are not signed in to your organization. Ask your IT administrator.',
    );
    // The ID token may carry no email (claims only at userinfo): the server's own message, which names the domain, stands.
    expect(sessionRefusal('no_tenant_for_domain', { company: 'Adams Consulting', domain: null })).toBeNull();
    expect(emailDomain(undefined)).toBeNull();
    expect(emailDomain('nobody@')).toBeNull();
  });
});
