/**
 * Non-extractable WebCrypto keys kept in the extension origin's IndexedDB. A content script shares
 * `storage.local` with the worker in Chromium, but not this database: IndexedDB belongs to the origin
 * a script runs in, and a content script runs in the page's. Structured clone keeps a CryptoKey
 * non-extractable, so even code that can use a key never reads its bytes.
 */

export interface KeyStore {
  load(): Promise<CryptoKey | undefined>;
  save(key: CryptoKey): Promise<void>;
}

/** One record of the `keys` store in `dbName`. */
export function indexedDbKeyStore(record: string, dbName = 'signbridge-vault'): KeyStore {
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
      const value = await run<unknown>('readonly', (s) => s.get(record));
      return value instanceof CryptoKey ? value : undefined;
    },
    async save(key) {
      // `add`, not `put`: when two contexts create a key at once, the second fails and reloads the first.
      await run('readwrite', (s) => s.add(key, record));
    },
  };
}

/** For unit tests on Node (no IndexedDB): one key per realm, lost with it. */
export function memoryKeyStore(): KeyStore {
  let kept: CryptoKey | undefined;
  return {
    load: () => Promise.resolve(kept),
    save: (key) => {
      kept ??= key;
      return Promise.resolve();
    },
  };
}

/** IndexedDB where the platform has it (the worker, extension pages); in memory elsewhere. */
export function defaultKeyStore(record: string): KeyStore {
  return typeof indexedDB === 'undefined' ? memoryKeyStore() : indexedDbKeyStore(record);
}

/** The stored key, or a fresh one saved first; a failed load does not poison later calls. */
export function lazyKey(keys: KeyStore, generate: () => Promise<CryptoKey>): () => Promise<CryptoKey> {
  let key: Promise<CryptoKey> | undefined;
  return () => {
    if (key) return key;
    const loading = (async () => {
      const stored = await keys.load();
      if (stored) return stored;
      const fresh = await generate();
      try {
        await keys.save(fresh);
      } catch (error) {
        // Another context saved its key first: use that one.
        const winner = await keys.load();
        if (winner) return winner;
        throw error;
      }
      return fresh;
    })();
    key = loading;
    loading.catch(() => {
      if (key === loading) key = undefined;
    });
    return loading;
  };
}
