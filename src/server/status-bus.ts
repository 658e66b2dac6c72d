/**
 * Live envelope changes inside this server process, for the `GET /v1/envelope-events` streams. A
 * subscriber sees the envelopes it may see (its own, or its tenant's for organization members).
 * Changes stored by other instances on the same database arrive through status-relay.ts.
 */
import type { Owner, TrackedEnvelope } from './status-model.ts';

export interface Subscriber {
  owner: Owner;
  wholeTenant: boolean;
  send(envelope: TrackedEnvelope): void;
}

export interface StatusBus {
  publish(envelope: TrackedEnvelope): void;
  subscribe(s: Subscriber): () => void;
  size(): number;
  /** Resolves once changes from every instance reach this bus (at once for a single instance). */
  ready(): Promise<void>;
}

export const mayView = (s: { owner: Owner; wholeTenant: boolean }, e: Owner): boolean =>
  e.tenant === s.owner.tenant && (s.wholeTenant || e.principal === s.owner.principal);

export function createStatusBus(): StatusBus {
  const subscribers = new Set<Subscriber>();
  return {
    publish(envelope) {
      for (const s of subscribers) if (mayView(s, envelope)) s.send(envelope);
    },
    subscribe(s) {
      subscribers.add(s);
      return () => subscribers.delete(s);
    },
    size: () => subscribers.size,
    ready: () => Promise.resolve(),
  };
}
