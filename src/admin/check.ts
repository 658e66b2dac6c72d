/**
 * The connection check of a tenant, step by step, each passed or failed with its cause and its one fix:
 * configuration, the clock against DocuSign's `Date` header, the JWT token (consent, registered key),
 * userinfo, the system user's membership of the account, the account's base_uri (and whether it moved),
 * one cheap eSignature call (`GET /v2.1/accounts/{accountId}`) and the hourly rate-limit headroom
 * (`X-RateLimit-*`, DocuSign "API resource limits"). A failed step skips the steps that need it.
 */
import * as v from 'valibot';
import { consentUrls, JWT_SCOPES } from './consent.ts';
import { describeEnvironment, type Environment } from './environment.ts';
import { parsePrivateKey, requestJwtToken, type TokenResult } from './jwt.ts';
import type { AdminDeps, AdminTenant, ParsedKey } from './types.ts';

export type StepId = 'config' | 'clock' | 'token' | 'userinfo' | 'membership' | 'base_uri' | 'esign' | 'rate_limit';
export type StepStatus = 'passed' | 'warning' | 'failed' | 'skipped';

export interface Step {
  id: StepId;
  title: string;
  status: StepStatus;
  /** What was found, in plain words. */
  detail: string;
  /** Why it failed (or warns); a stable code and words. */
  cause?: { code: string; message: string };
  /** The one thing to do about it. */
  fix?: string;
}

export interface CheckReport {
  tenant: { id: string; name: string; environment: string };
  ok: boolean;
  steps: Step[];
}

export const TITLES: Record<StepId, string> = {
  config: 'Configuration',
  clock: 'Clock',
  token: 'JWT token',
  userinfo: 'User info',
  membership: 'Account membership',
  base_uri: 'Account base URI',
  esign: 'eSignature call',
  rate_limit: 'Rate-limit headroom',
};

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** DocuSign's tolerance for assertion times is unpublished; the simulator, like most JWT servers, allows a minute. */
export const MAX_SKEW_MS = 60_000;
/** Less than this share of the hourly limit left is "nearly spent". */
export const HEADROOM_SHARE = 0.1;

const UserInfoSchema = v.object({
  sub: v.string(),
  email: v.optional(v.string()),
  name: v.optional(v.string()),
  accounts: v.array(
    v.object({
      account_id: v.string(),
      account_name: v.optional(v.string()),
      base_uri: v.pipe(v.string(), v.url()),
      organization: v.optional(v.object({ organization_id: v.string() })),
    }),
  ),
});
export type UserInfo = v.InferOutput<typeof UserInfoSchema>;

const step = (id: StepId, status: StepStatus, detail: string, cause?: { code: string; message: string }, fix?: string): Step => ({
  id,
  title: TITLES[id],
  status,
  detail,
  ...(cause ? { cause } : {}),
  ...(fix !== undefined ? { fix } : {}),
});

const skip = (id: StepId, why: string): Step => step(id, 'skipped', why);
const hhmm = (ms: number): string => `${new Date(ms).toISOString().slice(11, 16)} UTC`;
const seconds = (ms: number): string => `${Math.round(Math.abs(ms) / 1000)} s`;

function configStep(tenant: AdminTenant, deps: AdminDeps): { step: Step; key?: ParsedKey; env?: Environment } {
  const bad = (code: string, message: string, fix: string) => ({ step: step('config', 'failed', message, { code, message }, fix) });
  const env = deps.environment(tenant);
  if (!env) {
    return bad('unknown_environment', `The tenant's environment "${tenant.environment}" is neither developer nor production.`, `Set "environment" of tenant ${tenant.id} to "developer" or "production" in the tenants file.`);
  }
  for (const [field, value] of [['DOCUSIGN_JWT_CLIENT_ID', deps.jwt.clientId], [`accountId of tenant ${tenant.id}`, tenant.accountId], [`systemUserId of tenant ${tenant.id}`, tenant.systemUserId]] as const) {
    if (!GUID.test(value)) {
      return bad('malformed_guid', `${field} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`, `Copy ${field} from DocuSign (Apps and Keys shows the integration key, User ID and API Account ID).`);
    }
  }
  const key = parsePrivateKey(deps.jwt.privateKey);
  if ('problem' in key) return bad('private_key_invalid', key.problem, 'Set DOCUSIGN_PRIVATE_KEY_FILE to the RSA private key generated for the integration key in Apps and Keys.');
  return {
    step: step('config', 'passed', `Integration key ${deps.jwt.clientId}, RSA key ${key.fingerprint.slice(0, 16)}…, ${describeEnvironment(env)}.`),
    key,
    env,
  };
}

function clockStep(token: TokenResult, now: number): { step: Step; skewMs?: number } {
  if (token.dateHeader === undefined) return { step: skip('clock', 'DocuSign sent no Date header to compare with.') };
  // Date has one-second precision: compare against our clock truncated the same way.
  const skewMs = Math.floor(now / 1000) * 1000 - token.dateHeader;
  if (Math.abs(skewMs) <= MAX_SKEW_MS) return { step: step('clock', 'passed', `This server's clock agrees with DocuSign's within ${seconds(skewMs)}.`), skewMs };
  const message = `This server's clock is ${seconds(skewMs)} ${skewMs > 0 ? 'ahead of' : 'behind'} DocuSign's (its Date header says ${new Date(token.dateHeader).toISOString()}).`;
  return { step: step('clock', 'failed', message, { code: 'clock_skew', message }, 'Synchronise this server’s clock with NTP (timedatectl set-ntp true); JWT assertions carry its time.'), skewMs };
}

function tokenStep(token: TokenResult, tenant: AdminTenant, deps: AdminDeps, env: Environment, key: ParsedKey, skewMs: number | undefined): Step {
  if (token.ok) return step('token', 'passed', `DocuSign issued a ${Math.round(token.expiresInS / 60)}-minute token for the system user (scopes: ${token.scopes.join(' ') || 'none listed'}).`);
  const urls = consentUrls(env, deps.jwt.clientId, deps.consentRedirectUri);
  const fail = (code: string, message: string, fix: string) => step('token', 'failed', message, { code, message }, fix);
  const where = describeEnvironment(env);
  const description = token.description ?? '';
  if (token.error === 'network') return fail('docusign_unreachable', `${token.description} (${env.accountServer})`, 'Check this server’s network access to DocuSign (proxy, firewall, DNS), then run the check again.');
  if (token.error === 'consent_required') {
    return fail('consent_required', `The system user ${tenant.systemUserId} has not given SignBridge consent to act for it (or it was revoked).`, `A DocuSign administrator opens the admin consent URL (${urls.admin}), or the system user opens ${urls.individual}, and allows access.`);
  }
  const skewed = skewMs !== undefined && Math.abs(skewMs) > MAX_SKEW_MS;
  if (skewed || description === 'invalid_iat' || description === 'invalid_exp' || description === 'expired_assertion') {
    return fail('clock_skew', `DocuSign refused the assertion's times (${description || token.error}): this server's clock is off.`, 'Synchronise this server’s clock with NTP, then run the check again.');
  }
  if (description === 'no_valid_keys_or_signatures') {
    return fail('key_not_registered', `No RSA public key registered on integration key ${deps.jwt.clientId} matches SignBridge's private key (fingerprint ${key.fingerprint.slice(0, 16)}…).`, `In DocuSign Apps and Keys, add the public key of DOCUSIGN_PRIVATE_KEY_FILE to integration key ${deps.jwt.clientId} (npm run admin -- public-key prints it).`);
  }
  if (description === 'issuer_not_found' || token.error === 'invalid_client' || description === 'unauthorized_client') {
    return fail('wrong_environment', `${where} does not know integration key ${deps.jwt.clientId}: it belongs to the other DocuSign environment, or it is mistyped.`, `Set "environment" of tenant ${tenant.id} to where the key lives (${env.name === 'developer' ? 'production' : 'developer'}?), or use the integration key of ${where}.`);
  }
  if (description === 'user_not_found') {
    return fail('user_not_found', `${where} has no user ${tenant.systemUserId}: a developer-environment user does not exist in production and back.`, `Set systemUserId of tenant ${tenant.id} to the system user's User ID in ${where} (Apps and Keys, "My Account Information").`);
  }
  return fail('token_refused', `DocuSign refused the token (${token.error}${description ? `: ${description}` : ''}, HTTP ${token.status}).`, 'Check the integration key, the system user and the key pair in Apps and Keys, then run the check again.');
}

async function getJson(deps: AdminDeps, url: string, token: string): Promise<{ status: number; body: unknown; headers: Headers } | undefined> {
  try {
    const res = await deps.fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
    return { status: res.status, body: await res.json().catch(() => undefined), headers: res.headers };
  } catch {
    return undefined;
  }
}

export async function fetchUserInfo(deps: AdminDeps, env: Environment, token: string): Promise<UserInfo | string> {
  const res = await getJson(deps, `${env.accountServer}/oauth/userinfo`, token);
  if (!res) return 'DocuSign could not be reached for /oauth/userinfo.';
  if (res.status !== 200) return `DocuSign answered /oauth/userinfo with HTTP ${res.status}.`;
  const parsed = v.safeParse(UserInfoSchema, res.body);
  return parsed.success ? parsed.output : 'DocuSign answered /oauth/userinfo with an unexpected body.';
}

/** DocuSign's hourly headroom from a response's `X-RateLimit-*` headers; undefined when it sent none. */
export function headroom(headers: Headers, now: number): { limit: number; remaining: number; resetAt: number; low: boolean } | undefined {
  const num = (name: string): number | undefined => {
    const raw = headers.get(name)?.trim();
    return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const limit = num('x-ratelimit-limit');
  const remaining = num('x-ratelimit-remaining');
  const reset = num('x-ratelimit-reset');
  if (limit === undefined || remaining === undefined) return undefined;
  const resetAt = reset !== undefined ? reset * 1000 : (Math.floor(now / 3_600_000) + 1) * 3_600_000;
  return { limit, remaining, resetAt, low: remaining < limit * HEADROOM_SHARE };
}

function rateStep(headers: Headers, now: number): Step {
  const room = headroom(headers, now);
  if (!room) return step('rate_limit', 'warning', 'DocuSign sent no X-RateLimit headers, so the headroom is unknown.');
  const { limit, remaining, resetAt } = room;
  const detail = `${remaining} of ${limit} calls left this hour; the count resets at ${hhmm(resetAt)}.`;
  if (!room.low) return step('rate_limit', 'passed', detail);
  const message = `The account has nearly spent its hourly API limit: ${detail}`;
  return step('rate_limit', 'failed', message, { code: 'rate_limit_nearly_spent', message }, `Find what else calls DocuSign for this account (all its apps share the limit), wait until ${hhmm(resetAt)}, or ask DocuSign for a higher limit.`);
}

export async function checkConnection(tenant: AdminTenant, deps: AdminDeps): Promise<CheckReport> {
  const steps: Step[] = [];
  const finish = (): CheckReport => {
    const order = Object.keys(TITLES) as StepId[];
    for (const id of order) if (!steps.some((s) => s.id === id)) steps.push(skip(id, 'Skipped: an earlier step failed.'));
    steps.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    return { tenant: { id: tenant.id, name: tenant.name, environment: tenant.environment }, ok: steps.every((s) => s.status === 'passed' || s.status === 'warning'), steps };
  };
  const config = configStep(tenant, deps);
  steps.push(config.step);
  if (!config.key || !config.env) return finish();
  const { key, env } = config;

  const token = await requestJwtToken({ fetch: deps.fetch, now: deps.now(), env, jwt: deps.jwt, key, userId: tenant.systemUserId, scopes: JWT_SCOPES });
  const clock = clockStep(token, deps.now());
  steps.push(clock.step, tokenStep(token, tenant, deps, env, key, clock.skewMs));
  if (!token.ok) return finish();

  const info = await fetchUserInfo(deps, env, token.token);
  if (typeof info === 'string') {
    steps.push(step('userinfo', 'failed', info, { code: 'userinfo_failed', message: info }, 'Run the check again; if it persists, see DocuSign’s status page.'));
    return finish();
  }
  if (info.sub.toLowerCase() !== tenant.systemUserId.toLowerCase()) {
    const message = `The token belongs to ${info.sub}, not the tenant's system user ${tenant.systemUserId}.`;
    steps.push(step('userinfo', 'failed', message, { code: 'userinfo_other_user', message }, `Set systemUserId of tenant ${tenant.id} to the system user's User ID.`));
    return finish();
  }
  steps.push(step('userinfo', 'passed', `The token is ${info.name ?? info.sub}'s${info.email ? ` (${info.email})` : ''}, member of ${info.accounts.length} account${info.accounts.length === 1 ? '' : 's'}.`));

  const account = info.accounts.find((a) => a.account_id.toLowerCase() === tenant.accountId.toLowerCase());
  if (!account) {
    const message = `The system user ${info.email ?? info.sub} is not a member of account ${tenant.accountId}${info.accounts.length ? ` (it belongs to ${info.accounts.map((a) => a.account_id).join(', ')})` : ''}.`;
    steps.push(step('membership', 'failed', message, { code: 'system_user_not_member', message }, `In DocuSign eSignature Admin, add ${info.email ?? 'the system user'} to the account again (Users → Add user), or set accountId of tenant ${tenant.id} to one it belongs to.`));
    return finish();
  }
  steps.push(step('membership', 'passed', `The system user is a member of ${account.account_name ?? account.account_id}.`));

  const cached = await deps.state.getBaseUri(tenant.id, tenant.accountId);
  await deps.state.setBaseUri(tenant.id, tenant.accountId, account.base_uri);
  if (cached !== undefined && cached !== account.base_uri) {
    const message = `The account moved from ${cached} to ${account.base_uri}.`;
    steps.push(step('base_uri', 'warning', `${message} SignBridge now uses the new base URI.`, { code: 'base_uri_moved', message }, 'Nothing to do: SignBridge reads base_uri from /oauth/userinfo and has updated its cache.'));
  } else {
    steps.push(step('base_uri', 'passed', `The account's API host is ${account.base_uri}.`));
  }

  const res = await getJson(deps, `${account.base_uri}/restapi/v2.1/accounts/${encodeURIComponent(account.account_id)}`, token.token);
  if (!res || res.status !== 200) {
    const code = (res?.body as { errorCode?: unknown } | undefined)?.errorCode;
    const message = res ? `GET /v2.1/accounts/{accountId} answered HTTP ${res.status}${typeof code === 'string' ? ` ${code}` : ''}.` : 'DocuSign could not be reached at the account’s base URI.';
    steps.push(step('esign', 'failed', message, { code: 'esign_call_failed', message }, 'Run the check again; if it persists, give DocuSign support the X-DocuSign-TraceToken of the failing call.'));
    if (res) steps.push(rateStep(res.headers, deps.now()));
    return finish();
  }
  steps.push(step('esign', 'passed', 'GET /v2.1/accounts/{accountId} answered 200.'));
  steps.push(rateStep(res.headers, deps.now()));
  return finish();
}
