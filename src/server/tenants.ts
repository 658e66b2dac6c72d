/**
 * The tenants file (env `SIGNBRIDGE_TENANTS`): the organizations whose members sign in with their own
 * identity provider and send as their DocuSign account's system user. Validated at start; every
 * problem names the tenant and the field, so the administrator can fix the file.
 */
import * as v from 'valibot';

export const ENVIRONMENTS = ['developer', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

const Guid = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID'));
const Domain = v.pipe(
  v.string(),
  v.toLowerCase(),
  v.regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name like example.com'),
);
const HttpsOrLocalUrl = v.pipe(
  v.string(),
  v.url('must be a URL'),
  v.check((s) => {
    const url = new URL(s);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  }, 'must be an https URL (http only on localhost)'),
);

const TenantSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes')),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200)),
  environment: v.picklist(ENVIRONMENTS, `must be one of ${ENVIRONMENTS.join(', ')}`),
  accountId: Guid,
  /** The DocuSign user the organization's envelopes are sent as (JWT grant `sub`). */
  systemUserId: Guid,
  identityProvider: v.strictObject({
    issuer: HttpsOrLocalUrl,
    clientId: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(200)),
    name: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  emailDomains: v.pipe(v.array(Domain), v.minLength(1, 'needs at least one domain')),
  organizationSending: v.boolean(),
  adminGroup: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
});
export type Tenant = v.InferOutput<typeof TenantSchema>;

const TenantsFile = v.strictObject({ tenants: v.array(v.unknown()) });

export class TenantsError extends Error {
  override name = 'TenantsError';
}

const pathOf = (issue: v.BaseIssue<unknown>): string =>
  issue.path?.map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('').replace(/^\./, '') ?? '';

/** Parses and checks the tenants file's JSON text; throws TenantsError naming the tenant and the field. */
export function parseTenants(text: string, source: string): Tenant[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TenantsError(`${source} is not valid JSON`);
  }
  const file = v.safeParse(TenantsFile, json);
  if (!file.success) throw new TenantsError(`${source}: expected { "tenants": [ ... ] } (${pathOf(file.issues[0]) || 'top level'}: ${file.issues[0].message})`);
  const tenants: Tenant[] = [];
  file.output.tenants.forEach((raw, i) => {
    const label = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? `tenant "${(raw as { id: string }).id}"` : `tenant #${i + 1}`;
    const parsed = v.safeParse(TenantSchema, raw);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      throw new TenantsError(`${source}: ${label}, field ${pathOf(issue) || '(the tenant itself)'}: ${issue.message}`);
    }
    tenants.push(parsed.output);
  });
  const seen = new Map<string, string>();
  for (const t of tenants) {
    if (tenants.filter((o) => o.id === t.id).length > 1) throw new TenantsError(`${source}: tenant "${t.id}", field id: used by more than one tenant`);
    for (const domain of t.emailDomains) {
      const owner = seen.get(domain);
      // A domain decides the tenant: it must point at exactly one.
      if (owner !== undefined && owner !== t.id) throw new TenantsError(`${source}: tenant "${t.id}", field emailDomains: ${domain} already belongs to tenant "${owner}"`);
      seen.set(domain, t.id);
    }
  }
  return tenants;
}

/** The tenant whose domains hold this (verified) e-mail address's domain. */
export function tenantForEmail(tenants: readonly Tenant[], email: string): Tenant | undefined {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return tenants.find((t) => t.emailDomains.includes(domain));
}
