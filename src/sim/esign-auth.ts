/**
 * Checks every eSignature call as DocuSign does, in DocuSign's order: a live bearer token with the
 * `signature` scope, an account the user belongs to, the account's own site, then the rate limits.
 */
import type { MiddlewareHandler } from 'hono';
import type { SimEnv } from './env.ts';
import { Errors, esignErrorResponse } from './errors.ts';
import type { Limiter } from './limits.ts';
import type { Store } from './store.ts';
import { bearer } from './tokens.ts';

export function esignAuth(store: Store, limiter: Limiter): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    c.set('kind', 'esign');
    const auth = bearer(store, c.req.header('authorization'));
    if ('problem' in auth) return esignErrorResponse(c, auth.problem === 'missing' ? Errors.authFailed() : Errors.invalidToken());
    const { token } = auth;
    c.set('clientId', token.clientId);
    c.set('sub', token.sub);
    if (!token.scopes.includes('signature')) return esignErrorResponse(c, Errors.missingScope());
    const accountId = c.req.param('accountId') ?? '';
    c.set('accountId', accountId);
    const account = store.accounts.get(accountId);
    if (!account?.members.some((m) => m.sub === token.sub)) return esignErrorResponse(c, Errors.notMember());
    // An account lives on one site; calling it through another site's host fails authentication there
    // (observed: USER_AUTHENTICATION_FAILED until the caller switched to the account's own base URI).
    if (c.req.param('site') !== account.site) return esignErrorResponse(c, Errors.authFailed());
    const over = limiter.count(c, accountId);
    if (over) return esignErrorResponse(c, over);
    await next();
    return undefined;
  };
}

/** Whether the caller may read an envelope: its sender, or an administrator of the account. */
export function maySee(store: Store, accountId: string, sub: string, createdBySub: string): boolean {
  if (sub === createdBySub) return true;
  return store.accounts.get(accountId)?.members.some((m) => m.sub === sub && m.admin === true) === true;
}
