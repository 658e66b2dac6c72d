/**
 * oidc-provider's storage for the demo identity provider: in memory, per provider instance, entries
 * dropped when they expire. A demo's sign-ins need not survive a restart; a real deployment uses its
 * own identity provider, not this one.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

export function memoryAdapter(now: () => number = Date.now): AdapterFactory {
  const entries = new Map<string, Entry>();
  const live = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return (model: string): Adapter => {
    const key = (id: string) => `${model}:${id}`;
    const find = (predicate: (p: AdapterPayload) => boolean): AdapterPayload | undefined => {
      for (const [k, entry] of entries) if (k.startsWith(`${model}:`) && predicate(entry.payload)) return live(k);
      return undefined;
    };
    return {
      upsert: (id, payload, expiresIn) => {
        entries.set(key(id), { payload, expiresAt: now() + expiresIn * 1000 });
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(live(key(id))),
      findByUid: (uid) => Promise.resolve(find((p) => p.uid === uid)),
      findByUserCode: (userCode) => Promise.resolve(find((p) => p.userCode === userCode)),
      consume: (id) => {
        const payload = live(key(id));
        if (payload !== undefined) payload.consumed = Math.floor(now() / 1000);
        return Promise.resolve();
      },
      destroy: (id) => {
        entries.delete(key(id));
        return Promise.resolve();
      },
      revokeByGrantId: (grantId) => {
        for (const [k, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(k);
        return Promise.resolve();
      },
    };
  };
}
