/**
 * Reading requests: the envelope upload (multipart: one JSON "request" part and the documents, each
 * bounded, sniffed and hashed) and small JSON bodies. Every problem becomes a 4xx ApiError.
 */
import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import * as v from 'valibot';
import { ENVELOPE_DOCUMENT_PART, ENVELOPE_REQUEST_PART, EnvelopeRequest } from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { readAtMost } from '../shared/stream.ts';
import type { PreparedDocument } from './envelope.ts';
import type { AppEnv } from './env.ts';
import { cleanFilename } from './filename.ts';
import { ApiError } from './http-error.ts';
import { boundaryOf, MultipartError, readMultipart, type BodySource, type FilePart } from './multipart.ts';
import { pdfPages } from './pdf-pages.ts';
import type { SendPhases } from './send-phases.ts';
import { sniffType } from './sniff.ts';

export interface Limits {
  maxDocumentBytes: number;
  maxDocuments: number;
  maxRequestBytes: number;
}

export const issueText = (issues: readonly v.BaseIssue<unknown>[]): string =>
  issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');

export const bad = (message: string) => new ApiError(400, ErrorCodes.BAD_REQUEST, message);

/** The first `bytes` of a document, without copying it when its first chunk holds them (it always does now). */
function headOf(chunks: readonly Uint8Array[], bytes: number): Uint8Array {
  const first = chunks[0];
  if (first !== undefined && (first.byteLength >= bytes || chunks.length === 1)) return first.subarray(0, bytes);
  return Buffer.concat(chunks).subarray(0, bytes);
}

/**
 * The body to read: the Node request itself when serve.ts hands it over as Hono's `c.env.incoming`
 * (the cheap path, body-source.ts), else the web Request's stream (`app.request` in tests).
 */
function bodyOf(c: Context<AppEnv>): BodySource | null {
  const env: unknown = c.env;
  const incoming = typeof env === 'object' && env !== null ? (env as { incoming?: unknown }).incoming : undefined;
  return incoming instanceof IncomingMessage ? incoming : c.req.raw.body;
}

function prepareDocuments(files: FilePart[], limits: Limits, request: EnvelopeRequest, phases: SendPhases): PreparedDocument[] {
  // A template brings its own documents; the request's are added to them.
  if (files.length === 0 && request.template === undefined) throw bad('Attach at least one document as a "document" part.');
  if (files.length > limits.maxDocuments) {
    throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `Send at most ${limits.maxDocuments} documents in one envelope.`);
  }
  // Pages are counted only to check fields placed on them (fields.ts): otherwise the scan of every
  // document's bytes is wasted.
  const placed = request.signers.some((s) => s.fields.some((f) => 'document' in f));
  return files.map((file, i) => {
    if (file.size === 0) throw bad(`The document "${file.filename.slice(0, 100)}" is empty.`);
    const type = sniffType(headOf(file.chunks, 64 * 1024));
    if (type === undefined) {
      throw new ApiError(
        415,
        ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        `"${file.filename.slice(0, 100)}" is not a document type DocuSign can take here (PDF, Word, Excel, PowerPoint, RTF, text or an image).`,
      );
    }
    const sha256 = phases.timeSync('hashing', () => {
      const hash = createHash('sha256');
      for (const chunk of file.chunks) hash.update(chunk);
      return hash.digest('hex');
    });
    return {
      documentId: String(i + 1),
      name: cleanFilename(file.filename, type.extension, `Document ${i + 1}`),
      extension: type.extension,
      mime: type.mime,
      chunks: file.chunks,
      size: file.size,
      sha256,
      pages: placed && type.extension === 'pdf' ? pdfPages(file.chunks) : undefined,
    };
  });
}

export async function readEnvelopeUpload(c: Context<AppEnv>, limits: Limits, phases: SendPhases) {
  const boundary = boundaryOf(c.req.header('content-type'));
  if (boundary === undefined) {
    throw new ApiError(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'Send the envelope as multipart/form-data with a "request" part and "document" parts.');
  }
  const header = c.req.header('content-length');
  const declared = header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
  if (declared !== undefined && declared > limits.maxRequestBytes) {
    throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `The documents are too large together: at most ${limits.maxRequestBytes} bytes per envelope.`);
  }
  const body = bodyOf(c);
  if (body === null) throw bad('The request has no body.');
  let parts;
  try {
    const multipartLimits = { maxBytes: limits.maxRequestBytes, maxFileBytes: limits.maxDocumentBytes, maxFieldBytes: 256 * 1024, maxParts: limits.maxDocuments + 1 };
    parts = await readMultipart(body, boundary, multipartLimits, declared);
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    if (error.kind === 'malformed') throw bad(`The multipart body is malformed: ${error.message}`);
    throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `${error.message} DocuSign takes documents up to ${limits.maxDocumentBytes} bytes each.`);
  }
  let requestText: string | undefined;
  const files: FilePart[] = [];
  for (const part of parts) {
    if (part.kind === 'field' && part.name === ENVELOPE_REQUEST_PART) {
      if (requestText !== undefined) throw bad('Send exactly one "request" part.');
      requestText = part.value;
    } else if (part.kind === 'file' && part.name === ENVELOPE_DOCUMENT_PART) {
      files.push(part);
    } else {
      throw bad(`Unexpected part "${part.name.slice(0, 50)}": only "request" (text) and "document" (files) are allowed.`);
    }
  }
  if (requestText === undefined) throw bad('The "request" part (JSON) is missing.');
  let json: unknown;
  try {
    json = JSON.parse(requestText);
  } catch {
    throw bad('The "request" part is not valid JSON.');
  }
  const parsed = v.safeParse(EnvelopeRequest, json);
  if (!parsed.success) throw bad(`The envelope request is not valid: ${issueText(parsed.issues)}.`);
  return { request: parsed.output, documents: prepareDocuments(files, limits, parsed.output, phases) };
}

/** Reads a small JSON body (signing-session requests), bounded. */
export async function readSmallJson(c: Context<AppEnv>, max: number): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'Send JSON (Content-Type: application/json).');
  const body = c.req.raw.body;
  if (body === null) throw bad('The request has no body.');
  const bytes = await readAtMost(body, max);
  if (bytes === 'too-large') throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `The request body is larger than ${max} bytes.`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw bad('The request body is not valid JSON.');
  }
}

