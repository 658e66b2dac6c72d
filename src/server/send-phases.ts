/**
 * Where one send's time goes, by phase, for the `signbridge_send_phase_seconds` histogram (metrics.ts)
 * and through it the cost bench (test/bench/store.ts). A plain object handed down the send path, not
 * request-scoped storage: a phase is timed where it runs, and a phase timed inside another (the lease
 * renewal inside the DocuSign call) counts for itself only, so the phases never add up to more than
 * the send took. Costs two `performance.now()` calls per phase.
 */

export const SEND_PHASES = ['upload', 'hashing', 'store', 'build', 'docusign'] as const;
/**
 * `upload`: receiving and parsing the multipart body (split, sniff, validate); `hashing`: the documents'
 * and the request's SHA-256; `store`: the idempotency claim, its renewal and the outcome's record;
 * `build`: planning the envelope and DocuSign's multipart request; `docusign`: waiting on DocuSign.
 */
export type SendPhase = (typeof SEND_PHASES)[number];

export interface SendPhases {
  time<T>(phase: SendPhase, run: () => Promise<T>): Promise<T>;
  timeSync<T>(phase: SendPhase, run: () => T): T;
  /** Seconds spent so far, by phase (phases never entered are left out). */
  spent(): ReadonlyMap<SendPhase, number>;
}

export function sendPhases(now: () => number = () => performance.now()): SendPhases {
  const spent = new Map<SendPhase, number>();
  // Time spent in phases nested inside the running ones, innermost last.
  const nested: number[] = [];
  const enter = () => {
    nested.push(0);
    return now();
  };
  const leave = (phase: SendPhase, startedAt: number) => {
    const elapsed = now() - startedAt;
    const inner = nested.pop() ?? 0;
    spent.set(phase, (spent.get(phase) ?? 0) + (elapsed - inner) / 1000);
    if (nested.length > 0) nested[nested.length - 1] = (nested[nested.length - 1] ?? 0) + elapsed;
  };
  return {
    async time(phase, run) {
      const startedAt = enter();
      try {
        return await run();
      } finally {
        leave(phase, startedAt);
      }
    },
    timeSync(phase, run) {
      const startedAt = enter();
      try {
        return run();
      } finally {
        leave(phase, startedAt);
      }
    },
    spent: () => spent,
  };
}
