/**
 * Every storage item the extension keeps, declared in one place with its area, schema and default,
 * and validated on every read (storage may hold data from an older version or be edited by hand).
 * `session` is in memory and trusted-contexts-only; `local` is durable. Nothing secret goes to `sync`.
 *
 * `local` is integrity-checked: in Chromium a content script may write `storage.local` (only
 * `storage.session` is closed to it), and content scripts run beside pages SignBridge does not trust.
 * So every `local` item is stored as `{ json, mac }`, an HMAC-SHA-256 over the item's key and JSON
 * under a non-extractable key kept in the extension origin's IndexedDB (./keys.ts), which no content
 * script can reach. A value without a valid MAC reads as the item's default. What a content script
 * can still do: delete items, or put back a value this item held before (it can read them); that is
 * why the worker re-checks where secrets go where it uses them (auth/tokens.ts, auth/grant.ts).
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { fromBase64, toBase64 } from '../shared/bytes.ts';
import { defaultKeyStore, lazyKey } from './keys.ts';

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

const integrityKey = lazyKey(defaultKeyStore('storage-integrity-key'), () =>
  crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
);

const Signed = v.object({ json: v.string(), mac: v.string() });
const macInput = (key: string, json: string) => new TextEncoder().encode(`signbridge-storage-v1\n${key}\n${json}`);

async function sign(key: string, value: unknown): Promise<v.InferOutput<typeof Signed>> {
  const json = JSON.stringify(value);
  const mac = await crypto.subtle.sign('HMAC', await integrityKey(), macInput(key, json));
  return { json, mac: toBase64(new Uint8Array(mac)) };
}

/** The value a signed record holds, or undefined when it is not one or its MAC does not verify. */
async function verified(key: string, stored: unknown): Promise<unknown> {
  const signed = v.safeParse(Signed, stored);
  if (!signed.success) return undefined;
  let mac: Uint8Array<ArrayBuffer>;
  try {
    mac = fromBase64(signed.output.mac);
  } catch {
    return undefined;
  }
  const good = await crypto.subtle.verify('HMAC', await integrityKey(), mac, macInput(key, signed.output.json));
  return good ? (JSON.parse(signed.output.json) as unknown) : undefined;
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
      const value = area === 'local' ? await verified(key, raw[key]) : raw[key];
      const parsed = v.safeParse(schema, value);
      return parsed.success ? parsed.output : structuredClone(fallback);
    },
    async set(value) {
      const valid = v.parse(schema, value);
      await store().set({ [key]: area === 'local' ? await sign(key, valid) : valid });
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
