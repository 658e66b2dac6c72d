/**
 * `sim.fetch`: a fetch that serves URLs under the simulator's origin in-process (app.request) and
 * acts out injected network faults as a network client sees them. Other URLs go to the real fetch.
 */
import type { Hono } from 'hono';
import type { InProcessTransport, SimEnv } from './env.ts';

const networkError = (): TypeError => new TypeError('fetch failed');

export function createSimFetch(app: Hono<SimEnv>, origin: () => string): typeof fetch {
  const one = async (request: Request, callerSignal: AbortSignal | undefined): Promise<Response> => {
    if (request.signal.aborted) throw request.signal.reason instanceof Error ? request.signal.reason : new DOMException('The operation was aborted.', 'AbortError');
    const transport: InProcessTransport = { kind: 'in-process' };
    const response = await app.request(request, undefined, { transport });
    switch (transport.fault) {
      case 'drop':
      case 'succeed-then-drop':
        throw networkError();
      case 'hang':
        return new Promise<Response>((_, reject) => {
          // The caller's own signal, not `request.signal`: a Request built from init follows its signal
          // through a weak reference only (undici), so once the garbage collector takes the Request,
          // a timeout in the caller no longer reaches it and the hang never settles.
          const signal = callerSignal ?? request.signal;
          const abort = () => reject(signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError'));
          if (signal.aborted) abort();
          signal.addEventListener('abort', abort, { once: true });
        });
      default:
        return response;
    }
  };

  const simFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let request = new Request(input, init);
    const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const base = new URL(origin()).origin;
    for (let hops = 0; ; hops++) {
      if (new URL(request.url).origin !== base) return globalThis.fetch(request);
      const response = await one(request, callerSignal);
      const location = response.headers.get('location');
      if (request.redirect !== 'follow' || location === null || ![301, 302, 303, 307, 308].includes(response.status)) return response;
      if (hops >= 20) throw networkError();
      const next = new URL(location, request.url);
      // Like fetch: 303 (and 301/302 after a POST) become a GET without a body.
      const keep = response.status === 307 || response.status === 308;
      request = new Request(next, keep ? request : { method: 'GET', headers: request.headers, signal: request.signal, redirect: 'follow' });
    }
  };
  return simFetch;
}
