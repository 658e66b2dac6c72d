import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';

// An in-memory storage area that yields between read and write, as the real one does.
const areas = vi.hoisted(() => {
  let data: Record<string, unknown> = {};
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const area = {
    get: async (key: string) => {
      await tick();
      return key in data ? { [key]: structuredClone(data[key]) } : {};
    },
    set: async (items: Record<string, unknown>) => {
      await tick();
      data = { ...data, ...structuredClone(items) };
    },
    remove: (key: string) => {
      delete data[key];
      return Promise.resolve();
    },
  };
  return { session: area, local: area, raw: () => data };
});
vi.mock('webextension-polyfill', () => ({ default: { storage: areas } }));

const { defineItem } = await import('./storage.ts');

describe('storage items', () => {
  it('validate on read and fall back to a fresh copy of the default', async () => {
    const item = defineItem('local', 'counts', v.record(v.string(), v.number()), {});
    await areas.local.set({ counts: { a: 'not a number' } });
    const read = await item.get();
    expect(read).toEqual({});
    read['x'] = 1;
    expect(await item.get()).toEqual({});
  });

  it('update is read-modify-write as one step: concurrent updates lose nothing', async () => {
    const item = defineItem('session', 'sessions', v.record(v.string(), v.number()), {});
    await Promise.all(Array.from({ length: 25 }, (_, i) => item.update((all) => ({ ...all, [`s${i}`]: i }))));
    expect(Object.keys(await item.get())).toHaveLength(25);
  });

  it('a failing update leaves the item as it was and does not block the next one', async () => {
    const item = defineItem('session', 'one', v.number(), 0);
    await item.set(1);
    await expect(item.update(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(item.update((n) => n + 1)).resolves.toBe(2);
  });
});

describe('local items are integrity-checked under a key no content script can reach', () => {
  it('a value written straight into storage.local (as a content script can) reads as the default', async () => {
    const item = defineItem('local', 'settings.serverUrl', v.nullable(v.string()), null);
    await item.set('https://good.example');
    expect(await item.get()).toBe('https://good.example');
    await areas.local.set({ 'settings.serverUrl': 'https://trap.example' });
    expect(await item.get()).toBeNull();
  });

  it('a signed record changed, or moved to another key, does not verify', async () => {
    const a = defineItem('local', 'a', v.record(v.string(), v.string()), {});
    const b = defineItem('local', 'b', v.record(v.string(), v.string()), {});
    await a.set({ accountServer: 'https://account-d.docusign.com' });
    const signed = areas.raw()['a'] as { json: string; mac: string };
    expect(JSON.parse(signed.json)).toEqual({ accountServer: 'https://account-d.docusign.com' });
    await areas.local.set({ a: { ...signed, json: JSON.stringify({ accountServer: 'https://trap.example' }) } });
    expect(await a.get()).toEqual({});
    await areas.local.set({ b: signed });
    expect(await b.get()).toEqual({});
    await areas.local.set({ a: { ...signed, mac: 'not base64!' } });
    expect(await a.get()).toEqual({});
    await areas.local.set({ a: signed });
    expect(await a.get()).toEqual({ accountServer: 'https://account-d.docusign.com' });
  });
});
