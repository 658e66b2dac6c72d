/**
 * Organization member sessions: a verified ID token becomes an opaque `sbs_…` token (32 random bytes;
 * only its SHA-256 is stored), valid for the configured lifetime and revocable. The tenant comes from
 * the verified e-mail address's domain and must use the identity provider that signed the token; the
 * client never names it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { SESSION_TOKEN_PREFIX, type IdentityProviderInfo, type SessionResponse } from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import type { Caller, MemberSessions } from './caller.ts';
import { ApiError } from './http-error.ts';
import type { IdTokenVerifier } from './id-token.ts';
import type { Logger } from './log.ts';
import type { OrgAccounts } from './org-credentials.ts';
import type { SessionRow, Store } from './store.ts';
import { tenantForEmail, type Tenant } from './tenants.ts';

export interface SessionDeps {
  tenants: readonly Tenant[];
  providers: readonly IdentityProviderInfo[];
  verifier: IdTokenVerifier;
  accounts: OrgAccounts;
  store: Store;
  now: () => number;
  ttlMs: number;
}

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** One entry per distinct (issuer, clientId) among tenants that send as an organization. */
export function identityProvidersOf(tenants: readonly Tenant[], publicUrl: string): IdentityProviderInfo[] {
  const out: IdentityProviderInfo[] = [];
  for (const t of tenants) {
    if (!t.organizationSending) continue;
    const { issuer, clientId } = t.identityProvider;
    if (out.some((p) => p.issuer === issuer && p.clientId === clientId)) continue;
    out.push({ id: t.id, name: t.identityProvider.name ?? t.name, issuer, clientId, scopes: ['openid', 'email', 'profile'], redirectUri: new URL('/oidc/callback', publicUrl).toString() });
  }
  return out;
}

export function createSessions(deps: SessionDeps) {
  const tenantById = new Map(deps.tenants.map((t) => [t.id, t]));
  const expired = (tenant: Tenant | undefined) =>
    new ApiError(401, ErrorCodes.SESSION_EXPIRED, `Sign in with ${tenant?.name ?? 'your organization'} again.`);

  async function body(token: string, row: SessionRow, tenant: Tenant, log: Logger): Promise<SessionResponse> {
    let sendAs: SessionResponse['sendAs'] = [];
    if (tenant.organizationSending) {
      try {
        const account = await deps.accounts.accountOf(tenant);
        sendAs = [{ accountId: account.accountId, accountName: account.accountName || tenant.name, site: siteOf(account.baseUri) }];
      } catch (error) {
        // Signing in does not depend on DocuSign: the send will explain (e.g. consent missing).
        log.warn('tenant account unavailable', { tenant: tenant.id, errorCode: error instanceof ApiError ? error.code : 'unexpected' });
        sendAs = [{ accountId: tenant.accountId, accountName: tenant.name, site: '' }];
      }
    }
    return {
      session: token,
      expiresAt: new Date(row.expiresAt).toISOString(),
      member: { sub: row.sub, email: row.email, name: row.name },
      tenant: { id: tenant.id, name: tenant.name },
      sendAs,
    };
  }

  async function live(token: string): Promise<{ row: SessionRow; tenant: Tenant }> {
    const row = await deps.store.getSession(hashOf(token));
    const tenant = row === undefined ? undefined : tenantById.get(row.tenant);
    if (row === undefined || tenant === undefined || row.revokedAt !== null || row.expiresAt <= deps.now()) throw expired(tenant);
    return { row, tenant };
  }

  const members: MemberSessions = async (token) => {
    const { row } = await live(token);
    const caller: Extract<Caller, { kind: 'member' }> = {
      kind: 'member',
      tenant: row.tenant,
      principal: row.sub,
      member: { sub: row.sub, email: row.email, name: row.name, groups: row.groups },
      sessionId: row.idHash,
    };
    return caller;
  };

  return {
    members,

    async create(input: { identityProviderId: string; idToken: string; nonce: string }, log: Logger): Promise<SessionResponse> {
      const provider = deps.providers.find((p) => p.id === input.identityProviderId);
      if (provider === undefined) throw new ApiError(400, ErrorCodes.UNKNOWN_IDENTITY_PROVIDER, 'This SignBridge server does not know that sign-in service. Reload the SignBridge popup.');
      const member = await deps.verifier.verify(provider, input.idToken, input.nonce);
      const domain = member.email.slice(member.email.lastIndexOf('@') + 1);
      const tenant = tenantForEmail(deps.tenants, member.email);
      if (tenant === undefined) {
        throw new ApiError(403, ErrorCodes.NO_TENANT_FOR_DOMAIN, `${domain} does not belong to an organization that uses SignBridge here. Ask your IT administrator.`);
      }
      if (tenant.identityProvider.issuer !== provider.issuer || tenant.identityProvider.clientId !== provider.clientId) {
        throw new ApiError(403, ErrorCodes.WRONG_IDENTITY_PROVIDER, `${tenant.name} signs in with another sign-in service. Choose “Sign in with ${tenant.identityProvider.name ?? tenant.name}”.`);
      }
      const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const now = deps.now();
      const row: SessionRow = {
        idHash: hashOf(token),
        tenant: tenant.id,
        sub: member.sub,
        email: member.email,
        name: member.name,
        groups: member.groups,
        createdAt: now,
        expiresAt: now + deps.ttlMs,
        revokedAt: null,
      };
      await deps.store.createSession(row);
      log.info('audit: member signed in', { tenant: tenant.id, memberSub: member.sub, memberEmail: member.email });
      return body(token, row, tenant, log);
    },

    async current(token: string, log: Logger): Promise<SessionResponse> {
      const { row, tenant } = await live(token);
      return body(token, row, tenant, log);
    },

    async revoke(token: string, log: Logger): Promise<void> {
      const { row } = await live(token);
      await deps.store.revokeSession(row.idHash, deps.now());
      log.info('audit: member signed out', { tenant: row.tenant, memberSub: row.sub });
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** `na2` from `https://na2.docusign.net`; the simulator's `http://host/na2` alike. */
export function siteOf(baseUri: string): string {
  const url = new URL(baseUri);
  if (url.hostname.endsWith('.docusign.net')) return url.hostname.split('.')[0] ?? url.hostname;
  return url.pathname.split('/').filter((s) => s !== '' && s !== 'restapi').at(-1) ?? url.host;
}
