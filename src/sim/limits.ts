/**
 * DocuSign's service protection: per-account hourly (3,000, resets at the top of the clock hour) and
 * 30-second burst (200 on developer accounts) counters with their headers, and the per-envelope
 * polling rule (one status read per envelope per 15 minutes). Past a limit DocuSign answers 400.
 */
import type { Context } from 'hono';
import type { SimEnv } from './env.ts';
import { esignError, type EsignError } from './errors.ts';
import type { Store } from './store.ts';

const HOUR_MS = 3600_000;
const BURST_MS = 30_000;
const POLL_WINDOW_MS = 15 * 60_000;

interface Counter {
  window: number;
  count: number;
}

export interface Limiter {
  /** Counts one API call of the account, sets the headers, and says whether it is over a limit. */
  count(c: Context<SimEnv>, accountId: string): EsignError | undefined;
  /** Records a status read of an envelope: whether it breaks the 15-minute rule, and whether it is refused. */
  poll(envelopeId: string): { violation: boolean; refused?: EsignError };
  /** Counts `calls` calls of the account in the current hour without answering any (a test's busy neighbour). */
  spend(accountId: string, calls: number): void;
  /** The account's hourly limit and what is left of it. */
  hourly(accountId: string): { limit: number; used: number };
}

export function createLimiter(store: Store): Limiter {
  const hourly = new Map<string, Counter>();
  const burst = new Map<string, Counter>();
  const limits = () => ({
    hourly: store.seed.limits?.hourly ?? 3000,
    burst: store.seed.limits?.burst ?? 200,
    polls: store.seed.limits?.envelopePollsPerHour ?? 10,
  });
  const bump = (map: Map<string, Counter>, key: string, size: number): Counter => {
    const window = Math.floor(store.now() / size);
    const counter = map.get(key);
    const next = counter && counter.window === window ? { window, count: counter.count + 1 } : { window, count: 1 };
    map.set(key, next);
    return next;
  };
  return {
    count(c, accountId) {
      const { hourly: hourLimit, burst: burstLimit } = limits();
      const h = bump(hourly, accountId, HOUR_MS);
      const b = bump(burst, accountId, BURST_MS);
      c.header('X-RateLimit-Limit', String(hourLimit));
      c.header('X-RateLimit-Remaining', String(Math.max(0, hourLimit - h.count)));
      // Unix epoch seconds of the next top of the hour (samples read it as `new Date(reset * 1000)`).
      c.header('X-RateLimit-Reset', String(((h.window + 1) * HOUR_MS) / 1000));
      c.header('X-BurstLimit-Limit', String(burstLimit));
      c.header('X-BurstLimit-Remaining', String(Math.max(0, burstLimit - b.count)));
      if (h.count > hourLimit) {
        return esignError(400, 'HOURLY_APIINVOCATION_LIMIT_EXCEEDED', 'The maximum number of hourly API invocations has been exceeded. Hourly Limit: ' + hourLimit);
      }
      if (b.count > burstLimit) {
        return esignError(400, 'BURST_APIINVOCATION_LIMIT_EXCEEDED', 'The maximum number of burst API invocations has been exceeded. Burst Limit: ' + burstLimit);
      }
      return undefined;
    },
    spend(accountId, calls) {
      const window = Math.floor(store.now() / HOUR_MS);
      const counter = hourly.get(accountId);
      const used = counter && counter.window === window ? counter.count : 0;
      hourly.set(accountId, { window, count: used + calls });
    },
    hourly(accountId) {
      const counter = hourly.get(accountId);
      const used = counter && counter.window === Math.floor(store.now() / HOUR_MS) ? counter.count : 0;
      return { limit: limits().hourly, used };
    },
    poll(envelopeId) {
      const now = store.now();
      const reads = (store.polls.get(envelopeId) ?? []).filter((t) => now - t < HOUR_MS);
      const last = reads[reads.length - 1];
      const violation = last !== undefined && now - last < POLL_WINDOW_MS;
      reads.push(now);
      store.polls.set(envelopeId, reads);
      // UNCONFIRMED: DocuSign does not publish the per-envelope numbers; the code and status are its (FACTS.md 4.9).
      if (reads.length > limits().polls) {
        return {
          violation,
          refused: esignError(400, 'Hourly_Envelope_Polling_Limit_Exceeded', 'The maximum number of hourly polling requests for this envelope has been exceeded. Use Connect instead of polling.'),
        };
      }
      return { violation };
    },
  };
}
