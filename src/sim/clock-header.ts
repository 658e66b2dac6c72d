/**
 * Every answer carries DocuSign's `Date` header from the simulator's own clock, so a client can measure
 * its clock against DocuSign's (RFC 9110 §6.6.1; a listening Node server would otherwise stamp the
 * wall clock, and the in-process fetch none at all).
 */
import type { MiddlewareHandler } from 'hono';
import type { SimEnv } from './env.ts';
import type { Store } from './store.ts';

export function dateHeader(store: Store): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    await next();
    const value = new Date(store.now()).toUTCString();
    try {
      c.res.headers.set('Date', value);
    } catch {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set('Date', value);
    }
  };
}
