/**
 * `GET /v1/envelope-events`: server-sent events for an open page, so a change Connect reports reaches
 * the button without a reload and without anyone asking DocuSign. After subscribing the stream says
 * `ready` (the client then reads the current state once, so nothing falls between the two); then one
 * `envelope` event per change the caller may see, and a comment every 25 s to keep proxies from
 * closing it. It ends when the client goes away. Streams are bounded per caller and in total.
 */
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ErrorCodes } from '../../shared/errors.ts';
import { ENVELOPE_EVENT } from '../../shared/status-api.ts';
import type { StatusBus } from '../status-bus.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http-error.ts';
import { toView, type TrackedEnvelope } from '../status-model.ts';
import { viewerOf } from './status.ts';

export const HEARTBEAT_MS = 25_000;
const MAX_PER_CALLER = 8;
const MAX_STREAMS = 2_000;

export function eventRoutes(deps: { bus: StatusBus }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const perCaller = new Map<string, number>();

  app.get('/', (c) => {
    const caller = c.get('caller');
    const key = `${caller.tenant}\n${caller.principal}`;
    const mine = perCaller.get(key) ?? 0;
    if (mine >= MAX_PER_CALLER || deps.bus.size() >= MAX_STREAMS) {
      throw new ApiError(429, ErrorCodes.TOO_MANY_STREAMS, 'Too many open status streams; close a few SignBridge tabs.');
    }
    perCaller.set(key, mine + 1);
    c.header('Cache-Control', 'no-store');
    return streamSSE(c, async (stream) => {
      const queue: TrackedEnvelope[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = deps.bus.subscribe({
        ...viewerOf(caller),
        send: (e) => {
          queue.push(e);
          wake?.();
        },
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      try {
        // `ready` promises the client that every later change reaches it: changes stored by other
        // instances too (status-relay.ts).
        await deps.bus.ready();
        await stream.writeSSE({ event: 'ready', data: '{}' });
        while (open) {
          const next = queue.shift();
          if (next !== undefined) {
            await stream.writeSSE({ event: ENVELOPE_EVENT, data: JSON.stringify(toView(next)) });
            continue;
          }
          const timer = new Promise<'beat'>((resolve) => {
            const t = setTimeout(() => resolve('beat'), HEARTBEAT_MS);
            wake = () => {
              clearTimeout(t);
              resolve('beat');
            };
          });
          if ((await timer) === 'beat' && open && queue.length === 0) await stream.write(': keep-alive\n\n');
          wake = undefined;
        }
      } finally {
        unsubscribe();
        const left = (perCaller.get(key) ?? 1) - 1;
        if (left <= 0) perCaller.delete(key);
        else perCaller.set(key, left);
      }
    });
  });
  return app;
}
