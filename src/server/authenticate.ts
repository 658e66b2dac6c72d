/** The middleware that sets `c.get('caller')` for the routes behind it (see caller.ts). */
import type { MiddlewareHandler } from 'hono';
import { callerFor, type AuthenticateDeps } from './caller.ts';
import type { AppEnv } from './env.ts';

export function authenticate(deps: AuthenticateDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('caller', await callerFor(deps, c.req.header('authorization')));
    await next();
  };
}
