/**
 * Organization sending, composed: the JWT grant for the tenants' system users, their sender
 * credentials, the ID-token verifier and member sessions. Built by app.ts when tenants are configured.
 */
import type { IdentityProviderInfo } from '../shared/api.ts';
import type { DocuSignClient, Fetch } from './docusign.ts';
import { createIdTokenVerifier } from './id-token.ts';
import { createJwtGrant } from './jwt-grant.ts';
import type { Logger } from './log.ts';
import type { OrgConfig } from './org-config.ts';
import { createOrgCredentials, type OrgAccounts } from './org-credentials.ts';
import { createSessions, identityProvidersOf, type Sessions } from './sessions.ts';
import type { Store } from './store.ts';
import type { Tenant } from './tenants.ts';

export interface Org {
  providers: IdentityProviderInfo[];
  accounts: OrgAccounts;
  sessions: Sessions;
}

export function createOrg(
  config: OrgConfig,
  deps: { client: DocuSignClient; store: Store; fetch: Fetch; now: () => number; log: Logger; publicUrl: string; timeoutMs: number },
): Org {
  const accountServerOf = (tenant: Tenant) => config.accountServers[tenant.environment];
  const grant = createJwtGrant({
    clientId: config.jwtClientId,
    privateKey: config.privateKey,
    accountServerOf,
    consentRedirectUri: config.consentRedirectUri,
    fetch: deps.fetch,
    now: deps.now,
    log: deps.log.child({ component: 'jwt' }),
    timeoutMs: deps.timeoutMs,
  });
  const accounts = createOrgCredentials({ tenants: config.tenants, grant, client: deps.client, accountServerOf });
  const providers = identityProvidersOf(config.tenants, deps.publicUrl);
  const verifier = createIdTokenVerifier({
    fetch: deps.fetch,
    now: deps.now,
    log: deps.log.child({ component: 'oidc' }),
    spendNonce: (key, expiresAt) => deps.store.spendNonce(key, expiresAt, deps.now()),
  });
  const sessions = createSessions({ tenants: config.tenants, providers, verifier, accounts, store: deps.store, now: deps.now, ttlMs: config.sessionTtlSeconds * 1000 });
  return { providers, accounts, sessions };
}
