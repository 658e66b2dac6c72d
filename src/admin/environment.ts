/**
 * DocuSign's two environments as the admin operations see them: the account server (OAuth, JWT
 * audience), Monitor (`lens-d` / `lens`) and the Admin API (`api-d` / `api`, base path `/Management`),
 * from DocuSign's docs (FACTS §1.1, §9). With the simulator, the developer environment is the simulator:
 * one origin serves the account server, Monitor under `/lens` and the Admin API under `/Management`.
 */
export type EnvironmentName = 'developer' | 'production';

export interface Environment {
  name: EnvironmentName;
  /** Origin of the account server (`/oauth/auth`, `/oauth/token`, `/oauth/userinfo`). */
  accountServer: string;
  /** The JWT `aud`: the account server's bare host. */
  audience: string;
  /** Monitor's base: `{monitorBase}/api/v2.0/datasets/monitor/stream`. */
  monitorBase: string;
  /** The Admin API's base: `{adminBase}/v2/organizations/...`. */
  adminBase: string;
  /** True for the local DocuSign simulator. */
  simulator: boolean;
}

export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = ['developer', 'production'];

export const DEVELOPER: Environment = {
  name: 'developer',
  accountServer: 'https://account-d.docusign.com',
  audience: 'account-d.docusign.com',
  monitorBase: 'https://lens-d.docusign.net',
  adminBase: 'https://api-d.docusign.net/Management',
  simulator: false,
};

export const PRODUCTION: Environment = {
  name: 'production',
  accountServer: 'https://account.docusign.com',
  audience: 'account.docusign.com',
  monitorBase: 'https://lens.docusign.net',
  adminBase: 'https://api.docusign.net/Management',
  simulator: false,
};

/** The simulator standing in for DocuSign's developer environment. */
export function simulatorEnvironment(origin: string): Environment {
  const base = origin.replace(/\/+$/, '');
  return { name: 'developer', accountServer: base, audience: new URL(base).host, monitorBase: `${base}/lens`, adminBase: `${base}/Management`, simulator: true };
}

/** The environment a tenant names; `simulator` (an origin) replaces the developer environment. */
export function environmentFor(name: EnvironmentName, simulator?: string): Environment {
  if (name === 'production') return PRODUCTION;
  return simulator !== undefined ? simulatorEnvironment(simulator) : DEVELOPER;
}

export const describeEnvironment = (env: Environment): string =>
  env.simulator ? `the DocuSign simulator at ${new URL(env.accountServer).host}` : env.name === 'production' ? 'DocuSign production' : 'DocuSign’s developer environment';

/** The environment `name` served by `accountServer`: DocuSign's own, or a simulator standing in for it. */
export function environmentAt(name: EnvironmentName, accountServer: string): Environment {
  const base = accountServer.replace(/\/+$/, '');
  if (base === DEVELOPER.accountServer) return DEVELOPER;
  if (base === PRODUCTION.accountServer) return PRODUCTION;
  return { ...simulatorEnvironment(base), name };
}
