/**
 * Every storage item the extension keeps, declared in one place with its area, schema and default,
 * and validated on every read (storage may hold data from an older version or be edited by hand).
 * `session` is in memory and trusted-contexts-only; `local` is durable. Nothing secret goes to `sync`.
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';

type Area = 'session' | 'local';

export interface StorageItem<T> {
  readonly area: Area;
  readonly key: string;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  /**
   * Read, change and write back as one step: under a Web Lock per item, so two handlers (or two
   * worker instances) changing the same record never lose each other's update.
   */
  update(change: (value: T) => T | Promise<T>): Promise<T>;
  remove(): Promise<void>;
}

const chains = new Map<string, Promise<unknown>>();

/**
 * Web Locks (shared by every context of the extension) where the platform has them, as in the service
 * worker; elsewhere (unit tests on Node 20) a promise chain per name in this realm does the same job.
 */
function withLock<T>(name: string, run: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (locks) return locks.request(name, run);
  const result = (chains.get(name) ?? Promise.resolve()).then(run, run);
  chains.set(name, result.catch(() => undefined));
  return result;
}

export function defineItem<S extends v.GenericSchema>(
  area: Area,
  key: string,
  schema: S,
  fallback: v.InferOutput<S>,
): StorageItem<v.InferOutput<S>> {
  const store = () => browser.storage[area];
  const item: StorageItem<v.InferOutput<S>> = {
    area,
    key,
    async get() {
      const raw: Record<string, unknown> = await store().get(key);
      // A copy: callers may change what they read before writing it back, and the default must stay empty.
      if (!(key in raw)) return structuredClone(fallback);
      const parsed = v.safeParse(schema, raw[key]);
      return parsed.success ? parsed.output : structuredClone(fallback);
    },
    async set(value) {
      await store().set({ [key]: v.parse(schema, value) });
    },
    update(change) {
      return withLock(`storage:${area}:${key}`, async () => {
        const next = await change(await item.get());
        await item.set(next);
        return next;
      });
    },
    async remove() {
      await store().remove(key);
    },
  };
  return item;
}
