/**
 * The small pieces of multipart/form-data (RFC 7578) around the body scan of multipart.ts: the boundary of
 * a content type, a part's headers, and the error every problem becomes.
 */

export type MultipartErrorKind = 'malformed' | 'too_large' | 'too_many_parts';

export class MultipartError extends Error {
  override name = 'MultipartError';
  readonly kind: MultipartErrorKind;
  constructor(kind: MultipartErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

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

export interface PartHeaders {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
}

/**
 * WHATWG form encoding (browsers, undici) writes `"`, CR and LF in names as %22, %0D, %0A and never
 * backslash-escapes, so a backslash is a character (Windows paths: "C:\\tmp\\a.pdf").
 */
const unquote = (value: string): string => value.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

export function parseHeaders(raw: string): PartHeaders {
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
