/**
 * What events and the go-live run need before any DocuSign call: the tenant's environment, the parsed
 * key, and a JWT token for the system user with the given scopes. Failures are plain-words Results.
 */
import type { Environment } from './environment.ts';
import { parsePrivateKey, requestJwtToken } from './jwt.ts';
import type { AdminDeps, AdminTenant } from './types.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

export const refused = (code: string, message: string): { ok: false; code: string; message: string } => ({ ok: false, code, message });

export async function systemUserToken(tenant: AdminTenant, deps: AdminDeps, scopes: readonly string[]): Promise<Outcome<{ env: Environment; token: string }>> {
  const env = deps.environment(tenant);
  if (!env) return refused('unknown_environment', `Tenant ${tenant.id} names an unknown environment "${tenant.environment}".`);
  const key = parsePrivateKey(deps.jwt.privateKey);
  if ('problem' in key) return refused('private_key_invalid', key.problem);
  const token = await requestJwtToken({ fetch: deps.fetch, now: deps.now(), env, jwt: deps.jwt, key, userId: tenant.systemUserId, scopes });
  if (!token.ok) {
    return refused('token_refused', `DocuSign refused a token for the system user (${token.error}${token.description ? `: ${token.description}` : ''}). Run the check: npm run admin -- check --tenant ${tenant.id}`);
  }
  return { ok: true, value: { env, token: token.token } };
}
