/**
 * A per-caller request limit (token bucket): `perMinute` requests a minute on average, bursts up to the
 * same number. Counted per server instance, in memory: behind N instances a caller gets up to N times
 * the limit, which is the point (protecting each instance and DocuSign's per-account limits from one
 * runaway client), not an exact quota. Over the limit: 429 `server_rate_limited` with `Retry-After`.
 */
import type { MiddlewareHandler } from 'hono';
import { ErrorCodes } from '../shared/errors.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './http-error.ts';

export interface RateLimitOptions {
  perMinute: number;
  now: () => number;
  /** Buckets kept at most (oldest dropped first): bounded memory whatever the number of callers. */
  maxCallers?: number;
  onLimited?: () => void;
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  const capacity = options.perMinute;
  const perMs = options.perMinute / 60_000;
  const max = options.maxCallers ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return async (c, next) => {
    const caller = c.get('caller');
    const id = `${caller.tenant}\n${caller.principal}`;
    const now = options.now();
    const bucket = buckets.get(id) ?? { tokens: capacity, at: now };
    buckets.delete(id);
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    buckets.set(id, bucket);
    if (buckets.size > max) buckets.delete(buckets.keys().next().value as string);
    if (bucket.tokens < 1) {
      options.onLimited?.();
      const waitMs = Math.ceil((1 - bucket.tokens) / perMs);
      throw new ApiError(429, ErrorCodes.RATE_LIMITED, 'Too many requests to the SignBridge server from you. Wait a moment and try again.', new Date(now + waitMs).toISOString());
    }
    bucket.tokens -= 1;
    await next();
  };
}
