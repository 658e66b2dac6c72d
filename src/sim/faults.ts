/**
 * Injected faults. The middleware decides which call fails; how a network failure looks depends on the
 * transport: a listening server destroys the socket ('drop', 'succeed-then-drop') or never answers
 * ('hang'); `sim.fetch` gets told through its env and rejects like a network client would.
 * Through a bare `app.request` (no transport) network faults stay queued: there is no socket to drop.
 */
import type { MiddlewareHandler } from 'hono';
import type { SimEnv } from './env.ts';
import type { ActiveFault, Store } from './store.ts';
import type { FaultMode, FaultSpec } from './types.ts';

const NETWORK: ReadonlySet<FaultMode> = new Set(['hang', 'drop', 'succeed-then-drop']);

export function addFault(store: Store, spec: FaultSpec): void {
  store.faults.push({ ...spec, remaining: Math.max(1, Math.floor(spec.count ?? 1)) });
}

function take(store: Store, method: string, path: string, network: boolean): ActiveFault | undefined {
  const fault = store.faults.find(
    (f) =>
      f.remaining > 0 &&
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (typeof f.path === 'string' ? f.path === path : f.path instanceof RegExp ? f.path.test(path) : path.startsWith(f.path.prefix)) &&
      (network || !NETWORK.has(f.mode)),
  );
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining === 0) store.faults.splice(store.faults.indexOf(fault), 1);
  return fault;
}

/** Resolves when the client's socket closes (the server was closed, or the client gave up). */
const socketClosed = (socket: { once(event: 'close', cb: () => void): unknown; destroyed: boolean }): Promise<void> =>
  new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', resolve)));

export function faultMiddleware(store: Store): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (c.req.path.startsWith('/_sim')) return next();
    const env = c.env as SimEnv['Bindings'] | undefined;
    const socket = env?.incoming?.socket;
    const transport = env?.transport;
    const fault = take(store, c.req.method, c.req.path, socket !== undefined || transport !== undefined);
    if (!fault) return next();
    c.set('fault', fault.mode);
    switch (fault.mode) {
      case 'error500':
        return c.json({ errorCode: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.' }, 500);
      case 'error503':
        c.header('Retry-After', '1');
        return c.json({ errorCode: 'SERVICE_UNAVAILABLE', message: 'The service is temporarily unavailable.' }, 503);
      case 'succeed-then-drop':
        await next();
        break;
      default:
        break;
    }
    if (transport) {
      transport.fault = fault.mode;
      return c.body(null, 500);
    }
    if (socket) {
      if (fault.mode !== 'hang') socket.destroy();
      await socketClosed(socket);
    }
    return c.body(null, 500);
  };
}
