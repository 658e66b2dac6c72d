/**
 * What every route sees: the Hono environment (request id, logger, the authenticated caller) and the
 * error body. Routes import this, never app.ts, so the composition root has no importers.
 */
import type { ApiErrorBody } from '../shared/api.ts';
import type { Caller } from './caller.ts';
import type { Logger } from './log.ts';

export type AppEnv = { Variables: { requestId: string; log: Logger; caller: Caller } };

export const errorBody = (code: ApiErrorBody['error']['code'], message: string, retryAt?: string): ApiErrorBody => ({
  error: retryAt === undefined ? { code, message } : { code, message, retryAt },
});
