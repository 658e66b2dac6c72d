/**
 * DocuSign events for a tenant's SIEM: Monitor customer events (cursor-based stream, at most 2,000 per
 * fetch, monitor.rest.swagger-v2.0.json) with the cursor kept per tenant in the admin state, and the
 * Admin API's users of the organization (admin.rest.swagger-v2.1.json), a page per fetch, its position
 * kept per tenant too.
 *
 * No duplicate, no gap: `fetchMonitor` returns the page with a `commit` that stores its `endCursor`;
 * the caller commits only after the events are written, so a crash in between re-reads the same page.
 */
import * as v from 'valibot';
import { JWT_SCOPES, USER_EVENT_SCOPES } from './consent.ts';
import { fetchUserInfo, GUID } from './check.ts';
import { refused, systemUserToken, type Outcome } from './session.ts';
import type { AdminDeps, AdminTenant } from './types.ts';

export const MONITOR_STREAM = 'monitor';
export const MAX_MONITOR_LIMIT = 2_000;
export const USERS_STREAM = 'users';
/** UNCONFIRMED: the Admin API spec gives no most per page; the simulator allows 250. */
export const MAX_USER_PAGE = 250;
const USER_PAGE = 100;

const CursoredResultSchema = v.object({ endCursor: v.string(), data: v.array(v.record(v.string(), v.unknown())) });
const UsersSchema = v.object({
  users: v.optional(v.array(v.record(v.string(), v.unknown())), []),
  paging: v.optional(v.object({ next: v.optional(v.string()) }), {}),
});

/**
 * A Monitor cursor as DocuSign accepts it: an ISO date-time, or an `endCursor` it returned. UNCONFIRMED
 * format of the latter beyond the one observed (`aa_638553500560000000_...`: a prefix, .NET ticks, more).
 */
export function validCursor(cursor: string): boolean {
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(cursor)) return !Number.isNaN(Date.parse(cursor));
  return /^[A-Za-z0-9]{1,8}_\d{6,20}_[A-Za-z0-9_=-]{0,200}$/.test(cursor);
}

export interface MonitorPage {
  events: Record<string, unknown>[];
  /** The cursor this fetch started from (undefined: DocuSign's default, seven days ago). */
  from: string | undefined;
  endCursor: string;
  /** Stores `endCursor` for the tenant: the next fetch continues after this page. */
  commit(): Promise<void>;
}

export async function fetchMonitor(tenant: AdminTenant, deps: AdminDeps, options: { limit?: number; since?: string } = {}): Promise<Outcome<MonitorPage>> {
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MONITOR_LIMIT) return refused('bad_limit', `The limit must be a whole number from 1 to ${MAX_MONITOR_LIMIT} (DocuSign Monitor's most per fetch).`);
  if (options.since !== undefined && !validCursor(options.since)) return refused('bad_cursor', 'The cursor must be an ISO date-time such as 2026-01-01T00:00:00Z or an endCursor DocuSign returned.');
  const from = options.since ?? (await deps.state.getCursor(tenant.id, MONITOR_STREAM));
  const session = await systemUserToken(tenant, deps, JWT_SCOPES);
  if (!session.ok) return session;
  const url = new URL(`${session.value.env.monitorBase}/api/v2.0/datasets/monitor/stream`);
  if (from !== undefined) url.searchParams.set('cursor', from);
  url.searchParams.set('limit', String(limit));
  const res = await get(deps, url.toString(), session.value.token);
  if (typeof res === 'string') return refused('monitor_failed', res);
  const parsed = v.safeParse(CursoredResultSchema, res.body);
  if (!parsed.success) return refused('monitor_failed', 'DocuSign Monitor answered with an unexpected body.');
  const { endCursor, data } = parsed.output;
  if (!validCursor(endCursor)) return refused('monitor_failed', 'DocuSign Monitor returned a cursor SignBridge does not accept.');
  return { ok: true, value: { events: data, from, endCursor, commit: () => deps.state.setCursor(tenant.id, MONITOR_STREAM, endCursor) } };
}

export interface UsersPage {
  users: Record<string, unknown>[];
  organizationId: string;
  /** The position (0-based) of this page's first user in the organization's list for the account. */
  start: number;
  /** Where the next fetch starts; undefined: this page ended the list, the next fetch starts a new pass. */
  next: number | undefined;
  /** Stores `next` (or the start of a new pass) for the tenant. */
  commit(): Promise<void>;
}

/** A kept Admin API position: a whole number of users already fetched in this pass. */
const POSITION = /^\d{1,9}$/;

/**
 * One page of the Admin API's users of the tenant's organization in its account, starting where the last
 * fetch stopped (kept per tenant like the Monitor cursor), so fetches in a row page through the list with
 * no duplicate and no gap; after the last page the next fetch starts a new pass from the first user.
 * UNCONFIRMED: the Admin API pages by offset (`start`), so a user added while paging may shift the rest.
 */
export async function fetchUsers(tenant: AdminTenant, deps: AdminDeps, options: { limit?: number } = {}): Promise<Outcome<UsersPage>> {
  const take = options.limit ?? USER_PAGE;
  if (!Number.isInteger(take) || take < 1 || take > MAX_USER_PAGE) {
    return refused('bad_limit', `The page size must be a whole number from 1 to ${MAX_USER_PAGE}.`);
  }
  const kept = await deps.state.getCursor(tenant.id, USERS_STREAM);
  const start = kept !== undefined && POSITION.test(kept) ? Number(kept) : 0;
  const session = await systemUserToken(tenant, deps, USER_EVENT_SCOPES);
  if (!session.ok) return session;
  const { env, token } = session.value;
  const info = await fetchUserInfo(deps, env, token);
  if (typeof info === 'string') return refused('userinfo_failed', info);
  const account = info.accounts.find((a) => a.account_id.toLowerCase() === tenant.accountId.toLowerCase());
  const organizationId = account?.organization?.organization_id;
  if (organizationId === undefined || !GUID.test(organizationId)) {
    return refused('no_organization', `Account ${tenant.accountId} belongs to no DocuSign organization the system user can see; the Admin API lists users of an organization.`);
  }
  const query = new URLSearchParams({ account_id: tenant.accountId, start: String(start), take: String(take) });
  const res = await get(deps, `${env.adminBase}/v2/organizations/${organizationId}/users?${query}`, token);
  if (typeof res === 'string') return refused('admin_failed', res);
  const parsed = v.safeParse(UsersSchema, res.body);
  if (!parsed.success) return refused('admin_failed', 'The Admin API answered with an unexpected body.');
  const { users, paging } = parsed.output;
  // The next page starts after this one; `paging.next` only says whether there is one (its URL is never
  // followed, so the token goes nowhere but the Admin API's own host).
  const next = paging.next !== undefined && users.length > 0 ? start + users.length : undefined;
  const commit = () => deps.state.setCursor(tenant.id, USERS_STREAM, String(next ?? 0));
  return { ok: true, value: { users, organizationId, start, next, commit } };
}

async function get(deps: AdminDeps, url: string, token: string): Promise<{ body: unknown } | string> {
  let res: Response;
  try {
    res = await deps.fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  } catch {
    return `DocuSign could not be reached at ${new URL(url).host}.`;
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (res.status === 200) return { body };
  const error = body as { error?: unknown; error_description?: unknown } | undefined;
  const words = typeof error?.error_description === 'string' ? `: ${error.error_description.slice(0, 200)}` : '';
  if (res.status === 403 && error?.error === 'insufficient_scope') {
    return `DocuSign refused (HTTP 403${words}). The system user must consent to the extra scopes: npm run admin -- consent-urls --tenant <id>.`;
  }
  return `DocuSign answered HTTP ${res.status}${words}.`;
}
