/**
 * Refuses requests whose `Host` header names another host than the server's own. DNS rebinding: a web
 * page on a name its author points at 127.0.0.1 reaches a local server "same-origin" (no CORS, no
 * Sec-Fetch-Site: cross-site), but its requests still carry that name in `Host`. A request without
 * `Host` (in-process, as tests and the simulator's in-process fetch send them) has no such origin.
 */
import type { MiddlewareHandler } from 'hono';

export function hostCheck(allowed: () => readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (host !== undefined && !allowed().includes(host.toLowerCase())) {
      return c.json({ error: { code: 'bad_request', message: `This server does not answer for the host "${host.slice(0, 100)}".` } }, 421);
    }
    await next();
    return undefined;
  };
}

/** The hosts of a public URL: its own, and on loopback the same port under the other loopback names. */
export function hostsOf(publicUrl: string): string[] {
  const { host, hostname, port } = new URL(publicUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'];
  return loopback.includes(hostname) ? loopback.map((name) => (port === '' ? name : `${name}:${port}`)) : [host];
}
