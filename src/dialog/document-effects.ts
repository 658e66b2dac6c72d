/**
 * Bytes become a blob: URL of our own origin and their SHA-256: the worker reads the URL, no message
 * carries the bytes. Adding a document (later/documents.ts) holds its bytes the same way.
 */
import { sha256Hex } from '../shared/bytes.ts';
import type { DocumentBytes } from './model.ts';

/** Bytes the dialog holds, ready for the worker: a blob: URL and their SHA-256. */
export async function holdBytes(name: string, bytes: ArrayBuffer, mimeType: string): Promise<DocumentBytes> {
  const data = new Uint8Array(bytes);
  const blobUrl = URL.createObjectURL(new Blob([data], { type: mimeType }));
  return { name, mimeType, size: data.byteLength, blobUrl, sha256: await sha256Hex(data) };
}
