/**
 * The companion server as a factory: everything it depends on is passed in, nothing here reads the
 * environment or listens. `main.ts` wires the real dependencies; tests call `app.request()` in-process.
 */
import { Hono } from 'hono';
import { ErrorCodes } from '../shared/errors.ts';
import type { Logger } from './log.ts';

export interface ServerConfig {
  /** The URL the extension and browsers reach this server at (used for pages it links to). */
  publicUrl: string;
  version: string;
}

export interface AppDeps {
  config: ServerConfig;
  log: Logger;
  now?: () => number;
}

export type AppEnv = { Variables: { requestId: string; log: Logger } };

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const requestId = crypto.randomUUID();
    const log = deps.log.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  app.get('/healthz', (c) => c.json({ ok: true, version: deps.config.version }));

  app.notFound((c) => c.json({ error: { code: ErrorCodes.NOT_FOUND, message: 'No such endpoint.' } }, 404));
  app.onError((error, c) => {
    c.get('log').error('unhandled', { error });
    return c.json({ error: { code: ErrorCodes.INTERNAL, message: 'The SignBridge server hit an unexpected error.' } }, 500);
  });

  return app;
}
