/**
 * Bytes become a blob: URL of our own origin and their SHA-256: the worker reads the URL, no message
 * carries the bytes. Adding a document (later/documents.ts) holds its bytes the same way.
 */
import type { DocumentBytes } from './model.ts';

/** Hex SHA-256 of the bytes (here, not in shared/bytes.ts: only the dialog hashes, and its first load has a budget). */
export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes the dialog holds, ready for the worker: a blob: URL and their SHA-256. */
export async function holdBytes(name: string, bytes: ArrayBuffer, mimeType: string): Promise<DocumentBytes> {
  const data = new Uint8Array(bytes);
  const blobUrl = URL.createObjectURL(new Blob([data], { type: mimeType }));
  return { name, mimeType, size: data.byteLength, blobUrl, sha256: await sha256Hex(data) };
}
