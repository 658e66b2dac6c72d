/**
 * Encrypts refresh tokens before they touch `storage.local`, with an AES-GCM key that WebCrypto
 * generates as non-extractable: script can use it but never read its bytes. The CryptoKey itself
 * is kept in IndexedDB (structured clone keeps it non-extractable).
 *
 * What this protects against: a copy of the profile's extension storage (a backup, a synced or
 * exported `storage.local`, a content script reading `storage.local`) does not reveal refresh tokens.
 * What it does not: code running inside the extension's own origin, or malware with the user's
 * OS privileges that can drive the browser, can still use the key to decrypt.
 */
import { fromBase64, toBase64 } from '../../shared/bytes.ts';
import { indexedDbKeyStore as keyRecord, lazyKey, type KeyStore } from '../keys.ts';

export type { KeyStore };

export interface Sealed {
  /** base64 of the 12-byte IV. */
  iv: string;
  /** base64 of ciphertext + tag. */
  data: string;
}

export function createVault(keys: KeyStore) {
  const currentKey = lazyKey(keys, () =>
    crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
  );

  return {
    /** `context` (the login key) is bound as additional data: a sealed token cannot be moved to another login. */
    async seal(plain: string, context: string): Promise<Sealed> {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) },
        await currentKey(),
        new TextEncoder().encode(plain),
      );
      return { iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
    },
    /** Undefined when the box does not open (other key, other login, tampered). */
    async open(box: Sealed, context: string): Promise<string | undefined> {
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64(box.iv), additionalData: new TextEncoder().encode(context) },
          await currentKey(),
          fromBase64(box.data),
        );
        return new TextDecoder().decode(plain);
      } catch {
        return undefined;
      }
    },
  };
}

export type Vault = ReturnType<typeof createVault>;

/** The key's home in the service worker: one IndexedDB record. */
export function indexedDbKeyStore(dbName = 'signbridge-vault'): KeyStore {
  return keyRecord('refresh-token-key', dbName);
}
