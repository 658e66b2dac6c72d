/**
 * The worker's `browser.storage` in memory, for unit tests of worker modules that read and write it
 * through webextension-polyfill. One instance per test file (module state): the file's
 * `vi.mock('webextension-polyfill', …)` factory imports it, and the test imports the same object to
 * clear it between tests.
 */
import { vi } from 'vitest';

function memoryArea() {
  let data: Record<string, unknown> = {};
  return {
    get: (key: string) => Promise.resolve(key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: (items: Record<string, unknown>) => {
      data = { ...data, ...structuredClone(items) };
      return Promise.resolve();
    },
    remove: (key: string) => {
      delete data[key];
      return Promise.resolve();
    },
    clear: () => {
      data = {};
    },
  };
}

export const storageAreas = { session: memoryArea(), local: memoryArea(), managed: { get: vi.fn(() => Promise.resolve({})) } };
