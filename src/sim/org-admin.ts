/**
 * The DocuSign Admin API's user list (`api-d.docusign.net/Management`; admin.rest.swagger-v2.1.json):
 * `GET /Management/v2/organizations/{organizationId}/users?account_id=&start=&take=`, served under the
 * same path on the simulator's origin (also lower-case `/management`, as the Cortex XSOAR integration
 * spells it). At least one of `account_id`, `email` or `organization_reserved_domain_id` is required
 * (spec); pages of `take` (default 20) with `paging.next` pointing at the next page. The token needs
 * `user_read` (the operation's security) and must belong to an administrator of the organization.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { SimEnv } from './env.ts';
import { oauthError } from './errors.ts';
import { orgApiToken, organizationsAdministeredBy, type OrgData } from './org-data.ts';
import type { Store } from './store.ts';

// UNCONFIRMED: the spec does not say how large a page may be; the XSOAR integration stays at 1,250 or less.
export const ADMIN_MAX_TAKE = 250;
const DEFAULT_TAKE = 20;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The spec's `ErrorDetails` is `{ error, error_description }`.
const refuse = (c: Context<SimEnv>, status: 400 | 403, error: string, description: string): Response =>
  oauthError(c, error, description, status);

const whole = (raw: string | undefined, fallback: number): number =>
  raw === undefined ? fallback : /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;

export function orgAdminRoutes(store: Store, data: OrgData, origin: () => string): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  for (const base of ['/Management', '/management']) {
    app.get(`${base}/v2/organizations/:organizationId/users`, (c) => {
      const token = orgApiToken(c, store, 'admin');
      if (token instanceof Response) return token;
      const organizationId = c.req.param('organizationId');
      if (!GUID.test(organizationId)) return refuse(c, 400, 'invalid_request', 'organizationId must be a GUID.');
      if (!token.scopes.includes('user_read')) return refuse(c, 403, 'insufficient_scope', 'The access token lacks the user_read scope.');
      const people = data.directory.get(organizationId.toLowerCase());
      if (!people || !organizationsAdministeredBy(store, token.sub).has(organizationId.toLowerCase())) {
        return refuse(c, 403, 'unauthorized', 'The user is not an administrator of this organization.');
      }
      const q = c.req.query();
      const accountId = q['account_id'];
      const email = q['email'];
      if (accountId === undefined && email === undefined && q['organization_reserved_domain_id'] === undefined) {
        return refuse(c, 400, 'invalid_request', 'At least one of email, account_id or organization_reserved_domain_id is required.');
      }
      if (accountId !== undefined && !GUID.test(accountId)) return refuse(c, 400, 'invalid_request', 'account_id must be a GUID.');
      const start = whole(q['start'], 0);
      const take = whole(q['take'], DEFAULT_TAKE);
      if (!(start >= 0) || !(take >= 1 && take <= ADMIN_MAX_TAKE)) {
        return refuse(c, 400, 'invalid_request', `start must be 0 or more and take from 1 to ${ADMIN_MAX_TAKE}.`);
      }
      const since = q['last_modified_since'] !== undefined ? Date.parse(q['last_modified_since']) : undefined;
      if (since !== undefined && Number.isNaN(since)) return refuse(c, 400, 'invalid_request', 'last_modified_since must be a date-time.');
      const matching = people.filter(
        (p) =>
          (accountId === undefined || p.accountIds.includes(accountId.toLowerCase())) &&
          (email === undefined || p.email.toLowerCase() === email.toLowerCase()) &&
          (since === undefined || Date.parse(p.membershipCreatedOn) >= since),
      );
      const page = matching.slice(start, start + take);
      const link = (at: number): string => {
        const url = new URL(c.req.url);
        const next = new URL(`${origin()}${url.pathname}`);
        for (const [k, v] of url.searchParams) if (k !== 'start') next.searchParams.set(k, v);
        next.searchParams.set('start', String(at));
        next.searchParams.set('take', String(take));
        return next.toString();
      };
      return c.json({
        users: page.map((p) => ({
          id: p.id,
          user_name: `${p.firstName} ${p.lastName}`.trim(),
          first_name: p.firstName,
          last_name: p.lastName,
          user_status: 'active',
          membership_status: 'active',
          email: p.email,
          created_on: p.createdOn,
          membership_created_on: p.membershipCreatedOn,
        })),
        paging: {
          result_set_size: page.length,
          result_set_start_position: start,
          result_set_end_position: start + Math.max(page.length, 1) - 1,
          total_set_size: matching.length,
          ...(start + take < matching.length ? { next: link(start + take) } : {}),
          ...(start > 0 ? { previous: link(Math.max(0, start - take)) } : {}),
        },
      });
    });
  }
  return app;
}
