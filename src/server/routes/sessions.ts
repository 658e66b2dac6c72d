/** `POST /v1/sessions`, `GET /v1/sessions/current`, `DELETE /v1/sessions/current` (organization members). */
import { Hono } from 'hono';
import * as v from 'valibot';
import { SESSION_TOKEN_PREFIX, SessionRequest } from '../../shared/api.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http-error.ts';
import { bearerToken } from '../identity.ts';
import type { Sessions } from '../sessions.ts';
import { bad, issueText, readSmallJson } from '../upload.ts';

function sessionToken(header: string | undefined): string {
  const token = bearerToken(header);
  if (!token.startsWith(SESSION_TOKEN_PREFIX)) throw new ApiError(401, ErrorCodes.UNAUTHENTICATED, 'Sign in with your organization first.');
  return token;
}

export function sessionRoutes(sessions: Sessions | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const configured = () => {
    if (sessions === undefined) throw new ApiError(400, ErrorCodes.UNKNOWN_IDENTITY_PROVIDER, 'No organization signs in on this SignBridge server.');
    return sessions;
  };
  app.post('/', async (c) => {
    const parsed = v.safeParse(SessionRequest, await readSmallJson(c, 20 * 1024));
    if (!parsed.success) throw bad(`The sign-in request is not valid: ${issueText(parsed.issues)}.`);
    const body = await configured().create(parsed.output, c.get('log'));
    return c.json(body, 201, { 'Cache-Control': 'no-store' });
  });
  app.get('/current', async (c) => {
    const token = sessionToken(c.req.header('authorization'));
    return c.json(await configured().current(token, c.get('log')), 200, { 'Cache-Control': 'no-store' });
  });
  app.delete('/current', async (c) => {
    const token = sessionToken(c.req.header('authorization'));
    await configured().revoke(token, c.get('log'));
    return c.body(null, 204);
  });
  return app;
}
