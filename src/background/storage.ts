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
  remove(): Promise<void>;
}

export function defineItem<S extends v.GenericSchema>(
  area: Area,
  key: string,
  schema: S,
  fallback: v.InferOutput<S>,
): StorageItem<v.InferOutput<S>> {
  const store = () => browser.storage[area];
  return {
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
    async remove() {
      await store().remove(key);
    },
  };
}

export const lastPageSeen = defineItem(
  'session',
  'lastPageSeen',
  v.nullable(v.object({ tabId: v.number(), documents: v.number(), at: v.number() })),
  null,
);
