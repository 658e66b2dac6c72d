/**
 * The multipart/form-data reader of the envelope upload (RFC 7578), in one pass: each chunk is copied
 * once into one growing Buffer as it arrives and scanned there with `Buffer.indexOf` for the delimiter,
 * so the size limits hold while the bytes arrive (a 2 GB upload is refused after the first part over the
 * limit, not after it was received), and each file comes back as one view into that Buffer: one copy
 * of a document in memory, and one piece to hash and to pass on to DocuSign (not the dozens of socket
 * chunks it arrived in, each a write of its own on the way out).
 */
import { feedBody, type BodySource } from './body-source.ts';
import { MultipartError, parseHeaders, type PartHeaders } from './multipart-headers.ts';

export { boundaryOf, MultipartError, type MultipartErrorKind } from './multipart-headers.ts';
export { BodyAborted, type BodySource } from './body-source.ts';

export interface MultipartLimits {
  /** Whole body. */
  maxBytes: number;
  /** Per file part. */
  maxFileBytes: number;
  /** Per text (non-file) part. */
  maxFieldBytes: number;
  maxParts: number;
}

export interface FieldPart {
  kind: 'field';
  name: string;
  value: string;
}

export interface FilePart {
  kind: 'file';
  name: string;
  filename: string;
  /** The declared type; never trusted, see sniff.ts. */
  contentType: string | undefined;
  /** The file's bytes: one view into the body's Buffer. */
  chunks: Uint8Array[];
  size: number;
}

export type Part = FieldPart | FilePart;

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;
/** Reserved at once for a declared length at most this: a client that declares 60 MB and sends nothing holds 4 MiB. */
const FIRST_CAPACITY = 4 * 1024 * 1024;
const UNDECLARED_CAPACITY = 64 * 1024;

type Scanned = FieldPart | { kind: 'file'; headers: PartHeaders; start: number; end: number };

/**
 * The scan as a consumer of chunks: `push` each (throws MultipartError as soon as a limit or the syntax
 * is broken), then `end` for the parts.
 */
export function multipartScanner(boundary: string, limits: MultipartLimits, declaredBytes?: number) {
  // The body starts with "--boundary" (after an optional preamble); pretending it starts with CRLF lets
  // one delimiter, CRLF "--" boundary, find every part.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const ceiling = Math.min(declaredBytes ?? limits.maxBytes, limits.maxBytes) + CRLF.length;
  let buf = Buffer.allocUnsafe(Math.min(declaredBytes === undefined ? UNDECLARED_CAPACITY : FIRST_CAPACITY, ceiling));
  CRLF.copy(buf, 0);
  let filled = CRLF.length;
  /** Where the next search starts: nothing before it is searched again. */
  let pos = 0;
  let total = 0;
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let current: { headers: PartHeaders; start: number } | undefined;
  const scanned: Scanned[] = [];

  const room = (more: number) => {
    if (filled + more <= buf.length) return;
    // A declared length, once the client has sent the first 4 MiB of it, is taken at its word: one
    // copy of those, and a 25 MB document needs its size plus 4 MiB at most. Without one (or past it):
    // doubling up to the limit, so a body is copied about once more in all.
    const declared = declaredBytes !== undefined && filled + more <= ceiling;
    const grown = Buffer.allocUnsafe(Math.max(filled + more, declared ? ceiling : Math.min(buf.length * 2, limits.maxBytes + CRLF.length)));
    buf.copy(grown, 0, 0, filled);
    buf = grown;
  };

  const tooLarge = (headers: PartHeaders, max: number) =>
    new MultipartError('too_large', headers.filename !== undefined
      ? `The file "${headers.filename}" is larger than ${max} bytes.`
      : `The form field "${headers.name}" is larger than ${max} bytes.`);
  const maxOf = (headers: PartHeaders) => (headers.filename !== undefined ? limits.maxFileBytes : limits.maxFieldBytes);

  const finishPart = (open: { headers: PartHeaders; start: number }, end: number) => {
    const { headers, start } = open;
    if (end - start > maxOf(headers)) throw tooLarge(headers, maxOf(headers));
    if (headers.filename !== undefined) {
      scanned.push({ kind: 'file', headers, start, end });
      return;
    }
    let value: string;
    try {
      value = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start, end));
    } catch {
      throw new MultipartError('malformed', `The form field "${headers.name}" is not UTF-8 text.`);
    }
    scanned.push({ kind: 'field', name: headers.name, value });
  };

  /** One step of the scan over `view`; true when it made progress and may be called again. */
  const step = (view: Buffer): boolean => {
    switch (state) {
      case 'preamble': {
        const at = view.indexOf(delimiter, pos);
        if (at < 0) {
          // Only what could still be the start of a delimiter is kept.
          const keep = Math.min(filled, delimiter.length - 1);
          buf.copy(buf, 0, filled - keep, filled);
          filled = keep;
          pos = 0;
          return false;
        }
        pos = at + delimiter.length;
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (filled - pos < 2) return false;
        if (view[pos] === 0x2d && view[pos + 1] === 0x2d) {
          state = 'done';
          return false;
        }
        // RFC 2046 allows linear whitespace after the boundary.
        const eol = view.indexOf(CRLF, pos);
        if (eol < 0) {
          if (filled - pos > 256) throw new MultipartError('malformed', 'A boundary line is malformed.');
          return false;
        }
        if (view.toString('latin1', pos, eol).trim() !== '') throw new MultipartError('malformed', 'A boundary line is malformed.');
        pos = eol + CRLF.length;
        state = 'headers';
        return true;
      }
      case 'headers': {
        const at = view.indexOf(HEADER_END, pos);
        if (at < 0) {
          if (filled - pos > MAX_HEADER_BYTES) throw new MultipartError('malformed', 'A part has too many header bytes.');
          return false;
        }
        if (scanned.length >= limits.maxParts) throw new MultipartError('too_many_parts', `A request may have at most ${limits.maxParts} parts.`);
        current = { headers: parseHeaders(view.toString('utf8', pos, at)), start: at + HEADER_END.length };
        pos = current.start;
        state = 'body';
        return true;
      }
      case 'body': {
        const open = current;
        if (open === undefined) return false;
        const at = view.indexOf(delimiter, pos);
        if (at < 0) {
          // All but a possible delimiter start at the end is the part's: searched once, counted now.
          pos = Math.max(pos, filled - delimiter.length + 1);
          if (pos - open.start > maxOf(open.headers)) throw tooLarge(open.headers, maxOf(open.headers));
          return false;
        }
        current = undefined;
        finishPart(open, at);
        pos = at + delimiter.length;
        state = 'after-delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  };

  return {
    push(chunk: Uint8Array): void {
      total += chunk.byteLength;
      if (total > limits.maxBytes) throw new MultipartError('too_large', `The request is larger than ${limits.maxBytes} bytes.`);
      if (state === 'done') return; // epilogue: ignored, but still counted
      room(chunk.byteLength);
      buf.set(chunk, filled);
      filled += chunk.byteLength;
      while (step(buf.subarray(0, filled))) {
        // keep stepping
      }
    },
    end(): Part[] {
      if (state !== 'done') throw new MultipartError('malformed', 'The multipart body ended before its closing boundary.');
      return scanned.map((part): Part => {
        if (part.kind === 'field') return part;
        const { headers, start, end } = part;
        return { kind: 'file', name: headers.name, filename: headers.filename ?? '', contentType: headers.contentType, chunks: [buf.subarray(start, end)], size: end - start };
      });
    },
  };
}

/**
 * Reads every part of a multipart body. Throws MultipartError for malformed input or exceeded limits
 * (the caller maps it to 400/413) and BodyAborted when the body ends early; reading stops at the first.
 * `declaredBytes`: the request's Content-Length, if any (already checked against `limits.maxBytes`).
 */
export async function readMultipart(body: BodySource, boundary: string, limits: MultipartLimits, declaredBytes?: number): Promise<Part[]> {
  const scanner = multipartScanner(boundary, limits, declaredBytes);
  await feedBody(body, (chunk) => scanner.push(chunk));
  return scanner.end();
}
