/**
 * This instance's heartbeat in the store. A pending claim is ours only while our heartbeat row is fresh:
 * if this process is killed, frozen or cut off from the database, another instance (or this one,
 * restarted under a new id) takes its claims over once `ttlMs` has passed, and finds the envelope by
 * request id before creating anything.
 *
 * An instance holds pending claims only while it has sends in flight, so it beats only then: the first
 * send beats (and waits for it) before claiming, then every `intervalMs` until the last send is done.
 * An idle instance writes nothing.
 */
import type { Logger } from './log.ts';
import type { Store } from './store.ts';

export interface LivenessOptions {
  store: Store;
  instanceId: string;
  now: () => number;
  /** How long a beat keeps our claims ours. */
  ttlMs: number;
  /** How often we beat while sending; well below `ttlMs`, so one slow or failed beat is harmless. */
  intervalMs: number;
  log: Logger;
}

export interface Liveness {
  /** Runs a send while our heartbeat is kept fresh. */
  hold<T>(run: () => Promise<T>): Promise<T>;
  /** Sends running now. */
  active(): number;
  /**
   * Shutdown after the grace period: no send of ours starts another DocuSign call (`stopping()` is
   * checked before each create), so what is still in flight settles and releases its claim.
   */
  stop(): void;
  stopping(): boolean;
  /** Clean shutdown, after in-flight sends: our leftovers are free to take over at once. */
  retire(): Promise<void>;
}

export const DEFAULT_HEARTBEAT = { ttlMs: 15_000, intervalMs: 3_000 };

export function createLiveness(options: LivenessOptions): Liveness {
  const { store, instanceId, log } = options;
  let active = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastBeatAt = Number.NEGATIVE_INFINITY;
  let beating: Promise<void> | undefined;
  let stopped = false;

  const beat = (): Promise<void> => {
    beating ??= (async () => {
      const at = options.now();
      try {
        await store.heartbeat(instanceId, at, options.ttlMs);
        lastBeatAt = at;
      } catch (error) {
        // Our claims may be taken over if this keeps failing; `renew` before each DocuSign call notices.
        log.warn('heartbeat failed', { error });
      } finally {
        beating = undefined;
      }
    })();
    return beating;
  };

  return {
    async hold(run) {
      active++;
      if (timer === undefined) {
        timer = setInterval(() => void beat(), options.intervalMs);
        timer.unref();
      }
      try {
        // Fresh enough for the claim we are about to make to count as a live owner's.
        if (options.now() - lastBeatAt >= options.intervalMs) await beat();
        return await run();
      } finally {
        active--;
        if (active === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      }
    },
    active: () => active,
    stop: () => {
      stopped = true;
    },
    stopping: () => stopped,
    async retire() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await store.retire(instanceId);
    },
  };
}
