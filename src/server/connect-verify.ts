/**
 * DocuSign Connect HMAC: each active key of the account signs the raw body, in
 * `X-DocuSign-Signature-1`, `-2`, ...: Base64(HMAC-SHA256(key, body bytes)). A message is genuine when
 * any header matches any of the account's keys; compared in constant time
 * (https://developers.docusign.com/platform/webhooks/connect/validate).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** DocuSign allows up to 100 HMAC keys per account (one header each). */
export const MAX_SIGNATURE_HEADERS = 100;

export function signatureHeaders(headers: Headers): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 1; i <= MAX_SIGNATURE_HEADERS; i++) {
    const value = headers.get(`x-docusign-signature-${i}`);
    if (value === null) break;
    const bytes = Buffer.from(value.trim(), 'base64');
    if (bytes.byteLength === 32) out.push(bytes);
  }
  return out;
}

/** Whether `body` was signed with one of `keys`. */
export function verifyConnectSignature(body: Uint8Array, headers: Headers, keys: readonly string[]): boolean {
  const given = signatureHeaders(headers);
  if (given.length === 0 || keys.length === 0) return false;
  let ok = false;
  for (const key of keys) {
    const expected = createHmac('sha256', key).update(body).digest();
    // No early exit: every header is compared against every key, so timing says nothing about which matched.
    for (const sig of given) ok = timingSafeEqual(expected, sig) || ok;
  }
  return ok;
}
