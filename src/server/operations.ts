/**
 * What an operator and a load balancer see of an instance: requests in flight, draining on shutdown
 * (new requests get 503 `server_shutting_down` so the client retries elsewhere), and `/readyz`: the store
 * migrated and answering, DocuSign's account server (or the simulator) reachable, not draining.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ErrorCodes } from '../shared/errors.ts';
import type { Fetch } from './docusign.ts';
import { errorBody, type AppEnv } from './env.ts';
import type { Store } from './store.ts';

export interface Lifecycle {
  draining: boolean;
  /** HTTP requests being served. */
  inflight(): number;
  /** Resolves once no request is in flight (at once if none is). */
  idle(): Promise<void>;
  track: MiddlewareHandler<AppEnv>;
}

/** Paths a draining instance still answers: probes and metrics. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
/** Long-lived status streams: not waited for on shutdown (the browser reconnects to another instance). */
const STREAMS = new Set(['/v1/envelope-events']);

export function createLifecycle(): Lifecycle {
  let inflight = 0;
  let waiters: (() => void)[] = [];
  const lifecycle: Lifecycle = {
    draining: false,
    inflight: () => inflight,
    idle: () => (inflight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
    track: async (c, next) => {
      if (PROBES.has(c.req.path)) return next();
      if (lifecycle.draining) {
        c.header('Connection', 'close');
        c.header('Retry-After', '1');
        return c.json(errorBody(ErrorCodes.SHUTTING_DOWN, 'This SignBridge server is restarting. Try again in a moment.'), 503);
      }
      if (STREAMS.has(c.req.path)) return next();
      inflight++;
      try {
        await next();
      } finally {
        inflight--;
        if (inflight === 0) {
          const done = waiters;
          waiters = [];
          for (const resolve of done) resolve();
        }
      }
      return undefined;
    },
  };
  return lifecycle;
}

export interface ReadinessDeps {
  store: Store;
  lifecycle: Lifecycle;
  accountServer: string;
  fetch: Fetch;
  now: () => number;
  /** A DocuSign check is reused this long, so probes do not become DocuSign traffic. */
  cacheMs?: number;
}

export function readiness(deps: ReadinessDeps) {
  let checked: { at: number; ok: boolean } | undefined;
  async function docusignReachable(): Promise<boolean> {
    const now = deps.now();
    if (checked !== undefined && now - checked.at < (deps.cacheMs ?? 10_000)) return checked.ok;
    let ok: boolean;
    // A held timer rather than AbortSignal.timeout(), which can be collected before it fires (docusign.ts).
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), 5000);
    try {
      // Any answer below 500 means the account server is up (without a token userinfo answers 401).
      const res = await deps.fetch(`${deps.accountServer}/oauth/userinfo`, { method: 'GET', signal: timeout.signal });
      await res.body?.cancel();
      ok = res.status < 500;
    } catch {
      ok = false;
    } finally {
      clearTimeout(timer);
    }
    checked = { at: now, ok };
    return ok;
  }
  return async (c: Context<AppEnv>) => {
    const [store, docusign] = await Promise.all([deps.store.ping(), docusignReachable()]);
    const draining = deps.lifecycle.draining;
    const ready = store && docusign && !draining;
    return c.json({ ready, checks: { store, docusign, draining } }, ready ? 200 : 503, { 'Cache-Control': 'no-store' });
  };
}
