/**
 * Live envelope changes across server instances. Connect may reach any instance while a page's
 * `GET /v1/envelope-events` stream is held by another: each change is published to this instance's
 * streams and announced on the database's channel (PostgreSQL NOTIFY: `<instance> <envelope id>`); the
 * other instances read that envelope from the store and publish it to theirs. Listening starts with the
 * first stream, so an instance no page watches holds no listening connection. Without a channel
 * (SQLite, one instance) it is the local bus alone.
 */
import type { Logger } from './log.ts';
import type { StatusBus } from './status-bus.ts';
import type { TrackedEnvelope } from './status-model.ts';
import type { Store } from './store.ts';

export interface StatusRelay {
  /** Publishes a change this instance stored, here and on every other instance. */
  publish: (envelope: TrackedEnvelope) => void;
  /** The bus the streams subscribe to; its `ready` waits until other instances' changes are heard. */
  bus: StatusBus;
}

export function createStatusRelay(deps: { bus: StatusBus; store: Pick<Store, 'status' | 'changes'>; instanceId: string; log: Logger }): StatusRelay {
  const { bus, store, instanceId, log } = deps;
  const channel = store.changes;
  if (channel === undefined) return { publish: (e) => bus.publish(e), bus };

  let listening: Promise<void> | undefined;
  const heard = (message: string) => {
    const [from, envelopeId] = message.split(' ');
    if (from === instanceId || envelopeId === undefined || envelopeId === '') return;
    store.status.get(envelopeId).then(
      (envelope) => {
        if (envelope !== undefined) bus.publish(envelope);
      },
      (error: unknown) => log.warn('status relay: could not read a changed envelope', { error: String(error) }),
    );
  };
  const ready = (): Promise<void> => {
    listening ??= channel.listen(heard).catch((error: unknown) => {
      listening = undefined;
      log.warn('status relay: not listening to other instances', { error: String(error) });
    });
    return listening;
  };
  return {
    publish: (envelope) => {
      bus.publish(envelope);
      channel.notify(`${instanceId} ${envelope.envelopeId}`).catch((error: unknown) => log.warn('status relay: could not tell other instances', { error: String(error) }));
    },
    bus: { ...bus, ready },
  };
}
