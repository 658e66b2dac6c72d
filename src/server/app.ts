/**
 * The companion server as a factory: everything it depends on is passed in, nothing here reads the
 * environment or listens. `main.ts` wires the real dependencies; tests call `app.request()` in-process.
 */
import { Hono } from 'hono';
import type { ApiErrorBody, ConfigResponse } from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import type { Logger } from './log.ts';
import { page } from './pages.ts';

export interface DocuSignConfig {
  /** Origin of the DocuSign account server: `https://account-d.docusign.com`, `https://account.docusign.com` or the simulator. */
  accountServer: string;
  /** The public (PKCE) integration key the extension links logins with. */
  clientId: string;
  scopes: readonly string[];
  /** Registered redirect URI of that key: this server's `/oauth/callback`. */
  redirectUri: string;
}

export interface ServerConfig {
  /** The URL the extension and browsers reach this server at (used for pages it links to). */
  publicUrl: string;
  version: string;
  docusign: DocuSignConfig;
}

export interface AppDeps {
  config: ServerConfig;
  log: Logger;
  now?: () => number;
}

export type AppEnv = { Variables: { requestId: string; log: Logger } };

export const errorBody = (code: ApiErrorBody['error']['code'], message: string, retryAt?: string): ApiErrorBody => ({
  error: retryAt === undefined ? { code, message } : { code, message, retryAt },
});

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { config } = deps;

  app.use(async (c, next) => {
    const requestId = crypto.randomUUID();
    const log = deps.log.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    // The path only, never the query: the OAuth callback's query carries a one-time code.
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });

  app.get('/healthz', (c) => c.json({ ok: true, version: config.version }));

  app.get('/v1/config', (c) => {
    const body: ConfigResponse = {
      accountServer: config.docusign.accountServer,
      clientId: config.docusign.clientId,
      scopes: [...config.docusign.scopes],
      redirectUri: config.docusign.redirectUri,
    };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  // The redirect target of the login-linking flow. The extension's service worker watches this tab and
  // reads the code from its URL; the page itself only reassures the user and never shows the code.
  app.get('/oauth/callback', (c) => {
    const error = c.req.query('error') ?? c.req.query('error_code');
    if (error !== undefined) {
      const description = c.req.query('error_description') ?? c.req.query('error_message') ?? error;
      c.get('log').warn('oauth callback error', { error: error.slice(0, 100) });
      return page(c, 400, 'DocuSign did not link your login', [
        `DocuSign answered: ${description.slice(0, 300)}`,
        'You can close this tab and try again from the SignBridge button.',
      ], { outcome: 'error' });
    }
    if (c.req.query('code') === undefined) {
      return page(c, 400, 'Nothing to link', ['This page is only reached from DocuSign’s login. You can close this tab.'], {
        outcome: 'missing-code',
      });
    }
    return page(c, 200, 'DocuSign login linked', ['SignBridge is finishing the link. You can close this tab.'], {
      outcome: 'linked',
    });
  });

  app.notFound((c) => c.json(errorBody(ErrorCodes.NOT_FOUND, 'No such endpoint.'), 404));
  app.onError((error, c) => {
    c.get('log').error('unhandled', { error });
    return c.json(errorBody(ErrorCodes.INTERNAL, 'The SignBridge server hit an unexpected error.'), 500);
  });

  return app;
}
