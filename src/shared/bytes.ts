/**
 * Bytes helpers for the extension pages and the worker (the content script must not import this: a
 * module shared with other bundles becomes a chunk of its own, which web pages on user-enabled sites
 * cannot load). Documents are never base64-encoded (the dialog hands them to the worker as a blob: URL);
 * base64 is for small values such as the vault's sealed tokens.
 */
/** Base64 of any size of bytes (in slices: spreading megabytes into one call overflows the stack). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

export function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
