/**
 * A store that notes each write it is asked for, in order, into `events` (shared with whatever else the
 * test records, such as DocuSign calls), then does it. Each write method of `Store` is one statement or
 * one transaction, so each noted write is one commit.
 */
import type { Store } from '../../src/server/store.ts';

const WRITES = new Set<string>([
  'claim',
  'renew',
  'complete',
  'markUnknown',
  'forget',
  'saveEnvelope',
  'recordSend',
  'spendNonce',
  'createSession',
  'revokeSession',
  'heartbeat',
  'retire',
]);
const STATUS_WRITES = new Set<string>(['track', 'apply']);

type Method = (...args: unknown[]) => unknown;

function noting<T extends object>(target: T, writes: Set<string>, prefix: string, events: string[], fail: (name: string, args: unknown[]) => void): T {
  return new Proxy(target, {
    get(object, name, receiver) {
      const value: unknown = Reflect.get(object, name, receiver);
      if (typeof name !== 'string' || !writes.has(name) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        events.push(`${prefix}${name}`);
        fail(`${prefix}${name}`, args);
        return (value as Method).apply(object, args);
      };
    },
  });
}

/** `fail` may throw to make a write fail (before it reaches the database). */
export function recordingStore(store: Store, events: string[], fail: (name: string, args: unknown[]) => void = () => undefined): Store {
  const status = noting(store.status, STATUS_WRITES, 'status.', events, fail);
  const outer = noting(store, WRITES, '', events, fail);
  return new Proxy(outer, { get: (object, name, receiver) => (name === 'status' ? status : (Reflect.get(object, name, receiver) as unknown)) });
}
