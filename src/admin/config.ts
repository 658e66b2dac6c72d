/**
 * The admin command line's configuration, from the same variables as the server (README,
 * "Configuration"): the tenants file, SignBridge's JWT integration key and RSA key, the store, and
 * DocuSign's environments (without DOCUSIGN_ACCOUNT_SERVER the developer environment is the simulator).
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { environmentFor, ENVIRONMENT_NAMES, type EnvironmentName } from './environment.ts';
import type { AdminTenant } from './types.ts';

export type Env = Record<string, string | undefined>;

const TenantSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  name: v.pipe(v.string(), v.minLength(1)),
  environment: v.string(),
  accountId: v.string(),
  systemUserId: v.string(),
  adminGroup: v.optional(v.string()),
});
const TenantsSchema = v.object({ tenants: v.array(TenantSchema) });

export interface AdminConfig {
  tenants: AdminTenant[];
  jwtClientId: string;
  privateKeyPem: string;
  databasePath: string;
  publicUrl: string;
  /** The simulator's origin when it stands in for DocuSign's developer environment. */
  simulator: string | undefined;
}

export function environmentOf(config: Pick<AdminConfig, 'simulator'>, tenant: AdminTenant) {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(tenant.environment) ? environmentFor(tenant.environment as EnvironmentName, config.simulator) : undefined;
}

/** The configuration, or a message naming what is missing or wrong (never a key's contents). */
export function adminConfigFromEnv(env: Env, defaults: { databasePath: string }): AdminConfig | string {
  const tenantsSource = env['SIGNBRIDGE_TENANTS'];
  if (!tenantsSource) return 'SIGNBRIDGE_TENANTS is not set: point it at the tenants file (JSON, see README "Organizations").';
  let raw: unknown;
  try {
    raw = JSON.parse(tenantsSource.trimStart().startsWith('{') ? tenantsSource : readFileSync(tenantsSource, 'utf8'));
  } catch {
    return `SIGNBRIDGE_TENANTS: ${tenantsSource.trimStart().startsWith('{') ? 'the value' : tenantsSource} is not readable JSON.`;
  }
  const parsed = v.safeParse(TenantsSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue?.path?.map((p) => String(p.key)).join('.') ?? '';
    return `SIGNBRIDGE_TENANTS: ${path || 'the file'} is invalid (${issue?.message ?? 'schema'}).`;
  }
  const jwtClientId = env['DOCUSIGN_JWT_CLIENT_ID'];
  if (!jwtClientId) return 'DOCUSIGN_JWT_CLIENT_ID is not set: the integration key SignBridge uses for the JWT grant.';
  let privateKeyPem = env['DOCUSIGN_PRIVATE_KEY'];
  const keyFile = env['DOCUSIGN_PRIVATE_KEY_FILE'];
  if (!privateKeyPem && keyFile) {
    try {
      privateKeyPem = readFileSync(keyFile, 'utf8');
    } catch {
      return `DOCUSIGN_PRIVATE_KEY_FILE: ${keyFile} cannot be read.`;
    }
  }
  if (!privateKeyPem) return 'Set DOCUSIGN_PRIVATE_KEY_FILE (or DOCUSIGN_PRIVATE_KEY) to the RSA private key of the integration key.';
  const host = env['SIGNBRIDGE_HOST'] || '127.0.0.1';
  const port = env['SIGNBRIDGE_PORT'] || '8787';
  const simulated = !env['DOCUSIGN_ACCOUNT_SERVER'];
  return {
    tenants: parsed.output.tenants,
    jwtClientId,
    privateKeyPem,
    databasePath: env['SIGNBRIDGE_DATABASE'] || defaults.databasePath,
    publicUrl: (env['SIGNBRIDGE_PUBLIC_URL'] || `http://${host}:${port}`).replace(/\/+$/, ''),
    simulator: simulated ? (env['SIGNBRIDGE_SIMULATOR_URL'] || `http://127.0.0.1:${env['SIGNBRIDGE_SIM_PORT'] || '8788'}`).replace(/\/+$/, '') : undefined,
  };
}
