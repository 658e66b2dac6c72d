import { expect, test } from 'vitest';
import { createVault, type KeyStore } from './vault.ts';

function memoryKeys(): KeyStore & { saved: CryptoKey[] } {
  const saved: CryptoKey[] = [];
  return {
    saved,
    load: () => Promise.resolve(saved.at(-1)),
    save: (key) => {
      saved.push(key);
      return Promise.resolve();
    },
  };
}

test('seals and opens a refresh token with a non-extractable AES-GCM key, generated once', async () => {
  const keys = memoryKeys();
  const vault = createVault(keys);
  const [a, b] = await Promise.all([vault.seal('rt-secret', 'login-1'), vault.seal('rt-secret', 'login-1')]);
  expect(keys.saved).toHaveLength(1);
  expect(keys.saved[0]?.extractable).toBe(false);
  await expect(crypto.subtle.exportKey('raw', keys.saved[0] as CryptoKey)).rejects.toThrow();
  expect(a.iv).not.toBe(b.iv);
  expect(JSON.stringify(a)).not.toContain('rt-secret');
  expect(await vault.open(a, 'login-1')).toBe('rt-secret');
  // A fresh worker loads the same key from its store.
  expect(await createVault(keys).open(b, 'login-1')).toBe('rt-secret');
});

test('a sealed token does not open for another login, another key, or after tampering', async () => {
  const vault = createVault(memoryKeys());
  const box = await vault.seal('rt-secret', 'login-1');
  expect(await vault.open(box, 'login-2')).toBeUndefined();
  expect(await createVault(memoryKeys()).open(box, 'login-1')).toBeUndefined();
  const flipped = { ...box, data: `${box.data.startsWith('A') ? 'B' : 'A'}${box.data.slice(1)}` };
  expect(await vault.open(flipped, 'login-1')).toBeUndefined();
});
