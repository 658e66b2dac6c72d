/** The admin page's dependencies from the server's organization configuration (tenants, JWT key) and store. */
import { environmentAt } from '../../admin/environment.ts';
import type { Fetch } from '../docusign.ts';
import type { OrgConfig } from '../org-config.ts';
import type { Store } from '../store.ts';
import type { AdminPageDeps } from './routes.ts';

export function adminPageDeps(org: OrgConfig, deps: { store: Store; fetch: Fetch; now: () => number; publicUrl: string }): AdminPageDeps {
  return {
    tenants: org.tenants,
    publicUrl: deps.publicUrl,
    sessions: deps.store.adminSessions,
    signIns: deps.store.adminSignIns,
    ops: {
      fetch: deps.fetch,
      now: deps.now,
      state: deps.store.admin,
      environment: (tenant) => {
        const name = tenant.environment === 'production' ? 'production' : tenant.environment === 'developer' ? 'developer' : undefined;
        return name === undefined ? undefined : environmentAt(name, org.accountServers[name]);
      },
      jwt: { clientId: org.jwtClientId, privateKey: org.privateKey },
      consentRedirectUri: org.consentRedirectUri,
    },
  };
}
