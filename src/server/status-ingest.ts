/**
 * Group commit for Connect: updates arriving together (DocuSign sends bursts when many envelopes
 * complete at once) are applied in one transaction, and each caller is answered once that transaction
 * is durable. Then every changed envelope is published to the live streams of its owners.
 *
 * One batch is written at a time: what arrives while a commit is under way waits for it and goes into
 * the next batch, so under load the batches grow and the commits (an fsync each) stay few, rather than
 * many small transactions queueing for SQLite's one writer or PostgreSQL's row locks.
 */
import type { StatusUpdate, TrackedEnvelope } from './status-model.ts';
import type { ApplyResult, StatusStore } from './status-store.ts';

export type Publish = (envelope: TrackedEnvelope) => void;

export interface Ingest {
  /** Resolves once `update` is stored durably (or known to be about an envelope SignBridge did not send). */
  submit(update: StatusUpdate): Promise<ApplyResult>;
}

/** Largest batch in one transaction: bounds how long one commit holds the database. */
const MAX_BATCH = 500;

export function createIngest(store: StatusStore, publish: Publish, now: () => number): Ingest {
  let queue: { update: StatusUpdate; resolve: (r: ApplyResult) => void; reject: (e: unknown) => void }[] = [];
  /** A flush is scheduled or running: a new update joins its queue. */
  let busy = false;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      try {
        const results = await store.apply(
          batch.map((b) => b.update),
          Math.floor(now()),
        );
        results.forEach((r, i) => batch[i]?.resolve(r));
        for (const r of results) if (r.kind === 'applied' && r.changed) publish(r.envelope);
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    busy = false;
  };

  return {
    submit(update) {
      return new Promise<ApplyResult>((resolve, reject) => {
        queue.push({ update, resolve, reject });
        if (!busy) {
          busy = true;
          // After the current I/O callbacks: requests already read join this batch.
          setImmediate(() => void flush());
        }
      });
    },
  };
}
