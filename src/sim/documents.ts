/** The documents of a posted envelope: inline base64 or multipart parts, PDF check, 25 MB limit. */
import { createHash } from 'node:crypto';
import { scalar, type Obj } from './body.ts';
import { Errors, esignError, type EsignError } from './errors.ts';
import { countPages, isPdf } from './pdf.ts';
import type { SimDocument } from './types.ts';

/** DocuSign's per-document limit (FACTS.md 6). */
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;

export interface UploadedDocument {
  bytes: Uint8Array;
  filename?: string;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function decodeBase64(value: string, path: string): Uint8Array {
  const clean = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw Errors.badBody(`The input is not a valid Base-64 string. Path '${path}documentBase64'.`);
  }
  if ((clean.length * 3) / 4 > MAX_DOCUMENT_BYTES + 3) throw documentTooLarge();
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

// UNCONFIRMED code: DocuSign documents a 25 MB per-document limit but not the REST error for it.
const documentTooLarge = (): EsignError => esignError(400, 'MAX_DOCUMENT_SIZE_EXCEEDED', 'The document exceeds the maximum size of 25 MB.');

export function parseDocument(doc: Obj, i: number, uploads: Map<string, UploadedDocument>): SimDocument {
  const path = `documents[${i}].`;
  const documentId = scalar(doc, 'documentId', path);
  const name = scalar(doc, 'name', path);
  if (!documentId || !/^\d{1,9}$/.test(documentId) || documentId === '0') {
    // UNCONFIRMED code: documentId must be a positive integer.
    throw esignError(400, 'INVALID_DOCUMENT_ID', 'Invalid document ID. documentId must be a positive integer.');
  }
  if (!name) throw esignError(400, 'DOCUMENT_NAME_REQUIRED', `A name is required for document ${documentId}.`); // UNCONFIRMED code
  const b64 = scalar(doc, 'documentBase64', path);
  const bytes = b64 !== undefined ? decodeBase64(b64, path) : uploads.get(documentId)?.bytes;
  if (!bytes || bytes.byteLength === 0) {
    throw esignError(400, 'DOCUMENT_DOES_NOT_EXIST', `The document specified was not found. documentId ${documentId} has no content.`);
  }
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw documentTooLarge();
  const fromName = /\.([A-Za-z0-9]{1,8})$/.exec(uploads.get(documentId)?.filename ?? name)?.[1];
  const fileExtension = (scalar(doc, 'fileExtension', path) ?? fromName ?? 'pdf').toLowerCase().replace(/^\./, '');
  // Without a fileExtension DocuSign treats the bytes as PDF; anything else fails conversion (spec `document.fileExtension`).
  if (fileExtension === 'pdf' && !isPdf(bytes)) {
    throw esignError(400, 'FORMAT_CONVERSION_ERROR', `The data could not be converted. Document ${documentId} is not a PDF; set fileExtension for other formats.`);
  }
  // Non-PDF documents are "converted": the simulator keeps the bytes and counts one page.
  return { documentId, name, fileExtension, bytes, sha256: sha256(bytes), pages: fileExtension === 'pdf' ? countPages(bytes) : 1 };
}
