/**
 * Refuses requests whose `Host` header names another host than the server's own. DNS rebinding: a web
 * page on a name its author points at 127.0.0.1 reaches a local server "same-origin" (no CORS, no
 * Sec-Fetch-Site: cross-site), but its requests still carry that name in `Host`. A request without
 * `Host` (in-process, as tests and the simulator's in-process fetch send them) has no such origin.
 */
import type { MiddlewareHandler } from 'hono';

export interface HostCheckOptions {
  /** Said after the refusal: how an operator adds a host (the server names its variable). */
  hint?: string;
}

export function hostCheck(allowed: () => readonly string[], options: HostCheckOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (host !== undefined && !allowed().includes(host.toLowerCase())) {
      const message = `This server does not answer for the host "${host.slice(0, 100)}".${options.hint === undefined ? '' : ` ${options.hint}`}`;
      return c.json({ error: { code: 'bad_request', message } }, 421);
    }
    await next();
    return undefined;
  };
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The hosts of a URL: its own (also with its scheme's default port spelled out, as some clients send
 * it), and on loopback the same port under the other loopback names.
 */
export function hostsOf(url: string): string[] {
  const { hostname, port, protocol } = new URL(url);
  const names = LOOPBACK.includes(hostname) ? LOOPBACK : [hostname];
  const ports = port === '' ? ['', `:${DEFAULT_PORTS[protocol] ?? ''}`] : [`:${port}`];
  return names.flatMap((name) => ports.map((p) => `${name}${p}`)).filter((h) => !h.endsWith(':'));
}

/** Whether a listen address is a loopback one (only such a server is reached by its loopback names). */
export function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
