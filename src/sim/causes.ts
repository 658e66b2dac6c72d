/**
 * Control routes (and the same powers as a handle) that put a DocuSign integration into each state an
 * administrator's connection check must name: consent revoked (`/_sim/consents/revoke`, control.ts),
 * the integration key living in the other environment, the system user removed from the account, no
 * registered RSA key, a clock ten minutes off, an hourly limit nearly spent, an account that moved to
 * another site, and new Monitor events.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { decodeJwt } from 'jose';
import type { SimEnv } from './env.ts';
import { oauthError } from './errors.ts';
import type { Limiter } from './limits.ts';
import type { OrgData } from './org-data.ts';
import type { Store } from './store.ts';
import type { SeedMember } from './types.ts';

export interface CauseControl {
  /** The key answers `issuer_not_found` here, as a key of the other DocuSign environment does. */
  moveKeyToOtherEnvironment(clientId: string, elsewhere: boolean): void;
  /** Forgets every RSA public key registered on the key. */
  unregisterRsaKeys(clientId: string): void;
  removeMember(accountId: string, sub: string): void;
  addMember(accountId: string, member: SeedMember): void;
  /** Moves the simulator's clock (and its `Date` header) by `ms`, either way. */
  offsetClock(ms: number): void;
  /** Spends the account's hourly limit until `remaining` calls are left. */
  leaveHourlyCalls(accountId: string, remaining: number): void;
  moveAccount(accountId: string, site: string): void;
  appendMonitorEvents(organizationId: string, count: number): void;
}

export interface CauseState {
  /** Integration keys that act as if registered in the other environment only. */
  elsewhere: Set<string>;
}

export function createCauseControl(store: Store, limiter: Limiter, data: OrgData, state: CauseState): CauseControl {
  const account = (id: string) => {
    const found = store.accounts.get(id);
    if (!found) throw new Error(`unknown account ${id}`);
    return found;
  };
  const key = (id: string) => {
    const found = store.keys.get(id);
    if (!found) throw new Error(`unknown integration key ${id}`);
    return found;
  };
  return {
    moveKeyToOtherEnvironment(clientId, elsewhere) {
      key(clientId);
      if (elsewhere) state.elsewhere.add(clientId);
      else state.elsewhere.delete(clientId);
    },
    unregisterRsaKeys(clientId) {
      key(clientId).rsaPublicKeys = [];
    },
    removeMember(accountId, sub) {
      const a = account(accountId);
      a.members = a.members.filter((m) => m.sub !== sub);
    },
    addMember(accountId, member) {
      const a = account(accountId);
      if (!store.users.has(member.sub)) throw new Error(`unknown user ${member.sub}`);
      a.members = [...a.members.filter((m) => m.sub !== member.sub), { ...member }];
    },
    offsetClock: (ms) => store.advanceBy(ms),
    leaveHourlyCalls(accountId, remaining) {
      account(accountId);
      const { limit, used } = limiter.hourly(accountId);
      limiter.spend(accountId, Math.max(0, limit - remaining - used));
    },
    moveAccount(accountId, site) {
      if (!/^[a-z0-9]+$/.test(site)) throw new Error(`invalid site ${site}`);
      account(accountId).site = site;
    },
    appendMonitorEvents: (organizationId, count) => data.append(organizationId, count),
  };
}

/**
 * Stands in front of the account server for keys moved to the other environment: their JWT grants get
 * `issuer_not_found` (observed for a key the environment does not know, FACTS §1.3) and their consent
 * links the page DocuSign shows for an unknown client id.
 */
export function otherEnvironmentGate(state: CauseState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (state.elsewhere.size === 0) return next();
    if (c.req.method === 'GET' && c.req.path === '/oauth/auth' && state.elsewhere.has(c.req.query('client_id') ?? '')) {
      c.set('errorCode', 'invalid_request');
      return c.html('<!doctype html><title>Error</title><p role="alert">The client id provided is not registered with DocuSign.</p>', 400);
    }
    if (c.req.method === 'POST' && c.req.path === '/oauth/token') {
      // parseBody caches the parsed form, so the token endpoint reads it again unchanged.
      const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
      const assertion = form['assertion'];
      let iss: unknown;
      try {
        iss = typeof assertion === 'string' ? decodeJwt(assertion).iss : undefined;
      } catch {
        iss = undefined;
      }
      if (typeof iss === 'string' && state.elsewhere.has(iss)) return oauthError(c, 'invalid_grant', 'issuer_not_found');
    }
    return next();
  };
}

const int = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const GUIDISH = /^[0-9a-f-]{36}$/i;

async function json(c: Context<SimEnv>): Promise<Record<string, unknown>> {
  try {
    const v: unknown = await c.req.json();
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function causeRoutes(control: CauseControl): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const run = (c: Context<SimEnv>, act: () => void, status: 200 | 201 = 200): Response => {
    try {
      act();
    } catch (error) {
      return c.json({ error: 'bad_request', message: error instanceof Error ? error.message : 'refused' }, 400);
    }
    return c.json({ ok: true }, status);
  };
  const bad = (c: Context<SimEnv>, message: string) => c.json({ error: 'bad_request', message }, 400);
  app.post('/_sim/keys/:clientId/environment', async (c) => {
    const where = (await json(c))['environment'];
    if (where !== 'other' && where !== 'this') return bad(c, 'environment must be "other" or "this"');
    return run(c, () => control.moveKeyToOtherEnvironment(c.req.param('clientId'), where === 'other'));
  });
  app.delete('/_sim/keys/:clientId/rsa-keys', (c) => run(c, () => control.unregisterRsaKeys(c.req.param('clientId'))));
  app.delete('/_sim/accounts/:accountId/members/:sub', (c) => run(c, () => control.removeMember(c.req.param('accountId'), c.req.param('sub'))));
  app.put('/_sim/accounts/:accountId/members/:sub', async (c) => {
    const b = await json(c);
    const sub = c.req.param('sub');
    if (!GUIDISH.test(sub)) return bad(c, 'sub must be a GUID');
    return run(c, () => control.addMember(c.req.param('accountId'), { sub, isDefault: b['isDefault'] === true, admin: b['admin'] === true }));
  });
  app.post('/_sim/clock/offset', async (c) => {
    const ms = (await json(c))['ms'];
    if (!int(ms, -86_400_000, 86_400_000)) return bad(c, 'ms must be a whole number of milliseconds within one day either way');
    return run(c, () => control.offsetClock(ms));
  });
  app.post('/_sim/accounts/:accountId/rate-limit', async (c) => {
    const remaining = (await json(c))['remaining'];
    if (!int(remaining, 0, 1_000_000)) return bad(c, 'remaining must be a whole number, 0 or more');
    return run(c, () => control.leaveHourlyCalls(c.req.param('accountId'), remaining));
  });
  app.post('/_sim/accounts/:accountId/site', async (c) => {
    const site = (await json(c))['site'];
    if (typeof site !== 'string') return bad(c, 'site is required');
    return run(c, () => control.moveAccount(c.req.param('accountId'), site));
  });
  app.post('/_sim/monitor/:organizationId/events', async (c) => {
    const count = (await json(c))['count'];
    if (!int(count, 1, 10_000)) return bad(c, 'count must be from 1 to 10000');
    return run(c, () => control.appendMonitorEvents(c.req.param('organizationId'), count), 201);
  });
  return app;
}
