/**
 * Graceful shutdown (SIGTERM): what an instance does so that a restart or a scale-down loses and doubles
 * nothing.
 *
 * 1. Drain: `/readyz` answers 503 and new requests get 503 `server_shutting_down` (a load balancer stops
 *    sending, a client retries elsewhere with its Idempotency-Key); then the listener closes.
 * 2. Sends in flight run to their end for up to `graceMs`.
 * 3. Then no send of ours makes another DocuSign call: each one still running answers 503 (retry) after
 *    its current call settles (bounded by the DocuSign timeout) and releases its claim, keeping the
 *    request id for the lookup, so whoever gets the retry finds an envelope that was created.
 * 4. Our heartbeat row goes (`retire`): what we held is taken over at once, not when the heartbeat ran
 *    out. Only when no send of ours is still running: one stuck past every bound keeps its claim until
 *    the heartbeat runs out, exactly as after a crash.
 */
import type { Server } from 'node:http';
import type { Liveness } from './liveness.ts';
import type { Logger } from './log.ts';
import type { Lifecycle } from './operations.ts';

export interface ShutdownDeps {
  server: Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  lifecycle: Lifecycle;
  liveness: Liveness;
  log: Logger;
  /** Wakes sends waiting between DocuSign retries, so they notice the stop at once. */
  wake: () => void;
  /** Per DocuSign call: how long a call started before the stop may still take. */
  docusignTimeoutMs: number;
}

export interface ShutdownResult {
  /** Every request finished within the grace period. */
  drained: boolean;
  /** Sends still running when we gave up waiting (their claims stay until our heartbeat runs out). */
  abandoned: number;
}

const within = (ms: number, done: Promise<void>): Promise<boolean> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([done.then(() => true), timeout]).finally(() => clearTimeout(timer));
};

export async function shutdown(deps: ShutdownDeps, graceMs: number): Promise<ShutdownResult> {
  const { lifecycle, liveness, log, server } = deps;
  lifecycle.draining = true;
  log.info('shutting down: draining', { inflight: lifecycle.inflight(), sends: liveness.active(), graceMs });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  log.info('shutting down: listener closed');
  const drained = await within(graceMs, lifecycle.idle());
  if (!drained) {
    log.warn('shutting down: grace period over, releasing the sends still running', { sends: liveness.active() });
    liveness.stop();
    deps.wake();
    // A DocuSign call already on its way ends by its timeout at the latest; the rest is our own work.
    await within(deps.docusignTimeoutMs + 5000, lifecycle.idle());
  }
  const abandoned = liveness.active();
  if (abandoned === 0) {
    // Failing here only delays a takeover until our heartbeat runs out.
    await liveness.retire().catch((error: unknown) => log.warn('shutting down: heartbeat not retired', { error }));
  } else log.error('shutting down with sends still running: their claims wait for our heartbeat to run out', { sends: abandoned });
  server.closeAllConnections();
  await closed;
  log.info('shut down', { drained, abandoned });
  return { drained, abandoned };
}
