/**
 * A small streaming multipart/form-data reader (RFC 7578). Hono's `parseBody` buffers the whole body
 * and then copies every file again into a `File`; this reads the request stream once, enforces the size
 * limits while the bytes arrive (a 2 GB upload is refused after the first part over the limit, not after
 * it was received), and keeps each file as the chunks it arrived in: one copy of a document in memory.
 */

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
  chunks: Uint8Array[];
  size: number;
}

export type Part = FieldPart | FilePart;

export type MultipartErrorKind = 'malformed' | 'too_large' | 'too_many_parts';

export class MultipartError extends Error {
  override name = 'MultipartError';
  readonly kind: MultipartErrorKind;
  constructor(kind: MultipartErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;

/** The boundary from a `multipart/form-data; boundary=...` content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const [type, ...params] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // RFC 2046: 1 to 70 characters from a restricted set.
    return /^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/.test(value) && !value.endsWith(' ') ? value : undefined;
  }
  return undefined;
}

interface PartHeaders {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
}

/**
 * WHATWG form encoding (browsers, undici) writes `"`, CR and LF in names as %22, %0D, %0A and never
 * backslash-escapes, so a backslash is a character (Windows paths: "C:\\tmp\\a.pdf").
 */
const unquote = (value: string): string => value.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

function parseHeaders(raw: string): PartHeaders {
  let disposition: string | undefined;
  let contentType: string | undefined;
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('malformed', 'A part header line is malformed.');
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  if (disposition === undefined) throw new MultipartError('malformed', 'A part has no Content-Disposition header.');
  const [kind, ...rest] = disposition.split(';');
  if (kind?.trim().toLowerCase() !== 'form-data') throw new MultipartError('malformed', 'A part is not form-data.');
  const params = new Map<string, string>();
  // Parameters as browsers write them: name="..." with quotes escaped as %22 (WHATWG), or name*=UTF-8''...
  const re = /\s*([A-Za-z*]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))\s*(?:;|$)/gy;
  const paramText = rest.join(';');
  re.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(paramText)) !== null && match[0] !== '') {
    const key = (match[1] ?? '').toLowerCase();
    const quoted = match[2];
    params.set(key, quoted !== undefined ? unquote(quoted) : (match[3] ?? ''));
  }
  const name = params.get('name');
  if (name === undefined || name === '') throw new MultipartError('malformed', 'A part has no name.');
  let filename = params.get('filename');
  const extended = params.get('filename*');
  if (extended !== undefined) {
    const m = /^utf-8''(.*)$/i.exec(extended);
    if (m?.[1] !== undefined) {
      try {
        filename = decodeURIComponent(m[1]);
      } catch {
        throw new MultipartError('malformed', 'A file name is not valid percent-encoded UTF-8.');
      }
    }
  }
  return { name, filename, contentType };
}

/**
 * Reads every part of a multipart body. Throws MultipartError for malformed input or exceeded limits
 * (the caller maps it to 400/413); the stream is cancelled on error.
 */
export async function readMultipart(
  body: ReadableStream<Uint8Array>,
  boundary: string,
  limits: MultipartLimits,
): Promise<Part[]> {
  // The body starts with "--boundary" (after an optional preamble); pretending it starts with CRLF lets
  // one delimiter, CRLF "--" boundary, find every part.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const parts: Part[] = [];
  let buf: Buffer = Buffer.from(CRLF);
  let total = 0;
  type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  let state: State = 'preamble';
  // `step` changes the state behind TypeScript's back; read it through this to avoid stale narrowing.
  const finished = () => state === 'done';
  const inBody = () => state === 'body';
  let current: { headers: PartHeaders; chunks: Uint8Array[]; size: number } | undefined;
  const reader = body.getReader();

  const append = (data: Buffer) => {
    if (current === undefined || data.length === 0) return;
    current.size += data.length;
    const isFile = current.headers.filename !== undefined;
    const max = isFile ? limits.maxFileBytes : limits.maxFieldBytes;
    if (current.size > max) {
      throw new MultipartError('too_large', isFile
        ? `The file "${current.headers.filename ?? ''}" is larger than ${max} bytes.`
        : `The form field "${current.headers.name}" is larger than ${max} bytes.`);
    }
    // A view, not a copy: the rolling buffer is either the incoming chunk itself or a fresh concat of
    // it with a few leftover bytes, and is never written to again.
    current.chunks.push(data);
  };

  const finishPart = () => {
    if (current === undefined) return;
    const { headers, chunks, size } = current;
    current = undefined;
    if (headers.filename !== undefined) {
      parts.push({ kind: 'file', name: headers.name, filename: headers.filename, contentType: headers.contentType, chunks, size });
    } else {
      const value = new TextDecoder('utf-8', { fatal: true });
      let text: string;
      try {
        text = value.decode(Buffer.concat(chunks));
      } catch {
        throw new MultipartError('malformed', `The form field "${headers.name}" is not UTF-8 text.`);
      }
      parts.push({ kind: 'field', name: headers.name, value: text });
    }
  };

  const step = (): boolean => {
    // Returns true when it made progress and may be called again on the same buffer.
    switch (state) {
      case 'preamble': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep only what could still be the start of a delimiter.
          if (buf.length > delimiter.length) buf = buf.subarray(buf.length - delimiter.length);
          return false;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (buf.length < 2) return false;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = 'done';
          return false;
        }
        // RFC 2046 allows linear whitespace after the boundary.
        const eol = buf.indexOf(CRLF);
        if (eol < 0) {
          if (buf.length > 256) throw new MultipartError('malformed', 'A boundary line is malformed.');
          return false;
        }
        if (buf.subarray(0, eol).toString('latin1').trim() !== '') throw new MultipartError('malformed', 'A boundary line is malformed.');
        buf = buf.subarray(eol + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const at = buf.indexOf(HEADER_END);
        if (at < 0) {
          if (buf.length > MAX_HEADER_BYTES) throw new MultipartError('malformed', 'A part has too many header bytes.');
          return false;
        }
        if (parts.length >= limits.maxParts) throw new MultipartError('too_many_parts', `A request may have at most ${limits.maxParts} parts.`);
        const raw = buf.subarray(0, at).toString('utf8');
        current = { headers: parseHeaders(raw), chunks: [], size: 0 };
        buf = buf.subarray(at + 4);
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Everything but a possible delimiter prefix at the end is part data.
          const safe = buf.length - delimiter.length + 1;
          if (safe > 0) {
            append(buf.subarray(0, safe));
            buf = buf.subarray(safe);
          }
          return false;
        }
        append(buf.subarray(0, at));
        finishPart();
        buf = buf.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  };

  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) throw new MultipartError('too_large', `The request is larger than ${limits.maxBytes} bytes.`);
      if (finished()) continue; // epilogue: ignored, but still counted
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      if (buf.length === 0) {
        buf = chunk;
      } else if (inBody() && buf.length < delimiter.length && chunk.length >= delimiter.length) {
        // Inside a file, the leftover is only a possible delimiter start. Check the seam alone, so the
        // (large) chunk is not copied into a new buffer: a delimiter starting in the leftover ends within
        // the chunk's first delimiter-length bytes.
        const seam = Buffer.concat([buf, chunk.subarray(0, delimiter.length)]);
        const at = seam.indexOf(delimiter);
        if (at < 0 || at >= buf.length) {
          append(buf);
          buf = chunk;
        } else {
          buf = Buffer.concat([buf, chunk]);
        }
      } else {
        buf = Buffer.concat([buf, chunk]);
      }
      while (step()) {
        // keep stepping
      }
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  if (!finished()) throw new MultipartError('malformed', 'The multipart body ended before its closing boundary.');
  return parts;
}
