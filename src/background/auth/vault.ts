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

export interface Sealed {
  /** base64 of the 12-byte IV. */
  iv: string;
  /** base64 of ciphertext + tag. */
  data: string;
}

export interface KeyStore {
  load(): Promise<CryptoKey | undefined>;
  save(key: CryptoKey): Promise<void>;
}


export function createVault(keys: KeyStore) {
  let key: Promise<CryptoKey> | undefined;

  function currentKey(): Promise<CryptoKey> {
    if (key) return key;
    const loading = (async () => {
      const stored = await keys.load();
      if (stored) return stored;
      const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await keys.save(fresh);
      return fresh;
    })();
    key = loading;
    // A failed load must not poison every later call.
    loading.catch(() => {
      if (key === loading) key = undefined;
    });
    return loading;
  }

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
  const open = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(dbName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('keys');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
    });
  const run = async <T,>(mode: IDBTransactionMode, body: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open();
    try {
      return await new Promise<T>((resolve, reject) => {
        const request = body(db.transaction('keys', mode).objectStore('keys'));
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
      });
    } finally {
      db.close();
    }
  };
  return {
    async load() {
      const value = await run<unknown>('readonly', (s) => s.get('refresh-token-key'));
      return value instanceof CryptoKey ? value : undefined;
    },
    async save(key) {
      await run('readwrite', (s) => s.put(key, 'refresh-token-key'));
    },
  };
}
