/**
 * How many documents one envelope may carry and how large they may be, as plain numbers so the send
 * dialog can say and check them without importing a schema library. The same limits as the companion
 * server's (`LIMITS` in api.ts; document-limits.test.ts keeps them equal): DocuSign recommends at most
 * 25 MB per document ("Document file format best practices", eSignature concepts: documents).
 */
export const DOCUMENT_LIMITS = {
  /** Documents per envelope (the server's `LIMITS.maxDocuments`). */
  count: 10,
  /** Bytes per document (the server's `LIMITS.maxDocumentBytes`). */
  eachBytes: 25 * 1024 * 1024,
  /**
   * Bytes of all documents together: the server takes 60 MB per request (`LIMITS.maxRequestBytes`),
   * of which 1 MB stays for the JSON `request` part and the multipart framing.
   */
  totalBytes: 59 * 1024 * 1024,
} as const;
