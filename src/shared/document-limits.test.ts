import { randomUUID } from 'node:crypto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './api.ts';
import { DOCUMENT_LIMITS } from './document-limits.ts';
import { MAX_DOCUMENT_BYTES, messages } from './messages.ts';

const doc = (size: number, i = 0) => ({
  name: `d${i}.pdf`,
  mimeType: 'application/pdf',
  size,
  blobUrl: `blob:chrome-extension://abc/${randomUUID()}`,
  sha256: 'a'.repeat(64),
});
const request = (documents: unknown[]) => ({
  sessionId: randomUUID(),
  idempotencyKey: randomUUID(),
  subject: 's',
  message: '',
  recipients: [{ role: 'signer', name: 'Ada', email: 'ada@acme.example', routingOrder: 1, signNow: false }],
  documents,
});
const accepted = (documents: unknown[]) => v.safeParse(messages.sendEnvelope.request, request(documents)).success;

describe('DOCUMENT_LIMITS', () => {
  it('are the server’s limits, with room left for the request part within one upload', () => {
    expect(DOCUMENT_LIMITS.count).toBe(LIMITS.maxDocuments);
    expect(DOCUMENT_LIMITS.eachBytes).toBe(LIMITS.maxDocumentBytes);
    expect(MAX_DOCUMENT_BYTES).toBe(LIMITS.maxDocumentBytes);
    expect(DOCUMENT_LIMITS.totalBytes).toBeLessThanOrEqual(LIMITS.maxRequestBytes - 1024 * 1024);
    expect(DOCUMENT_LIMITS.totalBytes).toBeGreaterThan(2 * DOCUMENT_LIMITS.eachBytes);
  });

  it('bound sendEnvelope: 1 to 10 documents, each at most 25 MB, all within the total', () => {
    const each = DOCUMENT_LIMITS.eachBytes;
    expect(accepted([doc(10)])).toBe(true);
    expect(accepted([])).toBe(false);
    expect(accepted(Array.from({ length: DOCUMENT_LIMITS.count }, (_, i) => doc(10, i)))).toBe(true);
    expect(accepted(Array.from({ length: DOCUMENT_LIMITS.count + 1 }, (_, i) => doc(10, i)))).toBe(false);
    expect(accepted([doc(each + 1)])).toBe(false);
    expect(accepted([doc(each), doc(each)])).toBe(true);
    expect(accepted([doc(each), doc(each), doc(DOCUMENT_LIMITS.totalBytes - 2 * each + 1)])).toBe(false);
    expect(accepted([{ ...doc(10), pageUrl: 'javascript:alert(1)' }])).toBe(false);
    expect(accepted([{ ...doc(10), pageUrl: 'https://crm.example/files/a.pdf' }])).toBe(true);
  });
});
