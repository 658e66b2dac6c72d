/**
 * DocuSign Monitor (`lens-d.docusign.net` / `lens.docusign.net`), served under the path prefix `/lens`:
 * `GET /lens/api/v2.0/datasets/monitor/stream?cursor=&limit=` (monitor.rest.swagger-v2.0.json). The
 * stream is the organization's customer events in timestamp order; `cursor` is an ISO date-time or a
 * previous `endCursor`, `endCursor` is returned even when `data` is empty, and without a cursor the
 * stream starts seven days ago. `limit` defaults to 1000; at most 2,000 per fetch (FACTS §9, the
 * Cortex XSOAR integration caps it there). The token needs the `impersonation` scope (the spec's
 * security) and belongs to an administrator of the organization.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { SimEnv } from './env.ts';
import { oauthError } from './errors.ts';
import { orgApiToken, organizationsAdministeredBy, type OrgData } from './org-data.ts';
import type { Store } from './store.ts';

export const MONITOR_PREFIX = '/lens';
export const MONITOR_MAX_LIMIT = 2_000;
const DEFAULT_LIMIT = 1_000;
const DAY_MS = 86_400_000;
// .NET ticks (100 ns since 0001-01-01) of the Unix epoch: DocuSign's cursors look like `aa_<ticks>_...`.
const EPOCH_TICKS = 621_355_968_000_000_000n;

const ticks = (ms: number): string => (BigInt(ms) * 10_000n + EPOCH_TICKS).toString();
export const encodeCursor = (position: number, atMs: number): string => `aa_${ticks(atMs)}_${position.toString(16).padStart(8, '0')}`;

// UNCONFIRMED: Monitor's error bodies are not in its spec; the Admin API's `{ error, error_description }` is used.
const refuse = (c: Context<SimEnv>, status: 400 | 403, error: string, description: string): Response =>
  oauthError(c, error, description, status);

/** The position a cursor points at, or undefined when it is not a cursor this stream could have made. */
function position(list: readonly { timestamp: string }[], cursor: string | undefined, now: number): number | undefined {
  const firstAtOrAfter = (ms: number): number => {
    const i = list.findIndex((e) => Date.parse(e.timestamp) >= ms);
    return i < 0 ? list.length : i;
  };
  if (cursor === undefined || cursor === '') return firstAtOrAfter(now - 7 * DAY_MS);
  const ours = /^aa_(\d{1,20})_([0-9a-f]{8})$/.exec(cursor);
  if (ours) {
    const at = Number.parseInt(ours[2] ?? '', 16);
    return at <= list.length ? at : undefined;
  }
  if (/^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?$/.test(cursor)) {
    const ms = Date.parse(cursor);
    return Number.isNaN(ms) ? undefined : firstAtOrAfter(ms);
  }
  return undefined;
}

export function monitorRoutes(store: Store, data: OrgData): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.get(`${MONITOR_PREFIX}/api/:version/datasets/:dataSet/stream`, (c) => {
    const token = orgApiToken(c, store, 'monitor');
    if (token instanceof Response) return token;
    if (!/^v2(\.0)?$/.test(c.req.param('version'))) return refuse(c, 400, 'invalid_request', 'The API version must be 2.0.');
    if (c.req.param('dataSet') !== 'monitor') return refuse(c, 400, 'invalid_request', 'The dataset name must be monitor.');
    if (!token.scopes.includes('impersonation')) return refuse(c, 403, 'insufficient_scope', 'The access token lacks the impersonation scope.');
    const [organizationId] = organizationsAdministeredBy(store, token.sub);
    const list = organizationId !== undefined ? data.events.get(organizationId) : undefined;
    if (!list) return refuse(c, 403, 'unauthorized', 'The user is not an administrator of an organization with DocuSign Monitor.');
    const rawLimit = c.req.query('limit');
    const limit = rawLimit === undefined ? DEFAULT_LIMIT : /^\d{1,6}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MONITOR_MAX_LIMIT)) {
      return refuse(c, 400, 'invalid_request', `limit must be a whole number from 1 to ${MONITOR_MAX_LIMIT}.`);
    }
    const cursor = c.req.query('cursor');
    const start = position(list, cursor, store.now());
    if (start === undefined) return refuse(c, 400, 'invalid_request', 'The cursor is neither an ISO date-time nor an endCursor of this stream.');
    const page = list.slice(start, start + limit);
    // Nothing new: the same cursor again, so a poller keeps its place.
    if (page.length === 0 && cursor?.startsWith('aa_')) return c.json({ endCursor: cursor, data: page });
    const last = page[page.length - 1];
    const at = last ? Date.parse(last.timestamp) : cursor ? Date.parse(cursor) : store.now();
    return c.json({ endCursor: encodeCursor(start + page.length, at), data: page });
  });
  return app;
}
