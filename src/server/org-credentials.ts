/**
 * Sender credentials for organization members: the tenant's system user, by JWT grant. A member may
 * use only its own tenant's account, and only if the tenant sends as an organization; anything else is
 * refused before any DocuSign call. The account's base_uri comes from /oauth/userinfo of the system
 * user's token (cached with that token), never from configuration or the request.
 */
import { ErrorCodes } from '../shared/errors.ts';
import type { Caller } from './caller.ts';
import { accountNotAllowed, type OrgCredentials, type Sender } from './credentials.ts';
import { DocuSignError, type ApiContext, type DocuSignClient } from './docusign.ts';
import { ApiError } from './http-error.ts';
import type { JwtGrant, SystemToken } from './jwt-grant.ts';
import type { Tenant } from './tenants.ts';

export interface OrgCredentialDeps {
  tenants: readonly Tenant[];
  grant: JwtGrant;
  client: DocuSignClient;
  accountServerOf: (tenant: Tenant) => string;
}

export interface TenantAccount {
  accountId: string;
  accountName: string;
  baseUri: string;
}

export interface OrgAccounts extends OrgCredentials {
  /** The tenant's account as the system user's userinfo lists it. */
  accountOf(tenant: Tenant): Promise<TenantAccount>;
}

export function createOrgCredentials(deps: OrgCredentialDeps): OrgAccounts {
  const byId = new Map(deps.tenants.map((t) => [t.id, t]));
  /** userinfo per token: one lookup per fresh system-user token. */
  const accounts = new WeakMap<SystemToken, Promise<TenantAccount>>();

  async function lookUp(tenant: Tenant, token: SystemToken): Promise<TenantAccount> {
    let user;
    try {
      user = await deps.client.userinfo(token.token, deps.accountServerOf(tenant));
    } catch (error) {
      if (error instanceof DocuSignError && error.status === 401) deps.grant.invalidate(tenant.id);
      throw error;
    }
    const account = user.accounts.find((a) => a.accountId.toLowerCase() === tenant.accountId.toLowerCase());
    if (account === undefined) {
      throw new ApiError(
        424,
        ErrorCodes.DOCUSIGN_REJECTED,
        `The system user of ${tenant.name} (tenant "${tenant.id}") is not a member of DocuSign account ${tenant.accountId}. The administrator must check accountId and systemUserId in the tenants file.`,
      );
    }
    return { accountId: account.accountId, accountName: account.accountName, baseUri: account.baseUri };
  }

  async function context(tenant: Tenant): Promise<ApiContext & { accountName: string }> {
    const token = await deps.grant.tokenFor(tenant);
    let pending = accounts.get(token);
    if (pending === undefined) {
      pending = lookUp(tenant, token);
      accounts.set(token, pending);
      pending.catch(() => accounts.delete(token));
    }
    const account = await pending;
    return { token: token.token, baseUri: account.baseUri, accountId: account.accountId, accountName: account.accountName };
  }

  return {
    async accountOf(tenant) {
      const { accountId, accountName, baseUri } = await context(tenant);
      return { accountId, accountName, baseUri };
    },

    forMember(caller: Extract<Caller, { kind: 'member' }>, accountId: string): Promise<Sender> {
      const tenant = byId.get(caller.tenant);
      if (tenant === undefined || !tenant.organizationSending || tenant.accountId.toLowerCase() !== accountId.toLowerCase()) {
        return Promise.reject(accountNotAllowed());
      }
      return Promise.resolve({
        accountId: tenant.accountId,
        context: () => context(tenant),
        rejected: (error: DocuSignError): Promise<never> => {
          // The system user's token stopped working (revoked, consent withdrawn): the next call asks anew.
          deps.grant.invalidate(tenant.id);
          return Promise.reject(
            new ApiError(503, ErrorCodes.DOCUSIGN_UNAVAILABLE, `DocuSign refused ${tenant.name}'s sign-in for this request (${error.code}). Try again.`),
          );
        },
      });
    },
  };
}
