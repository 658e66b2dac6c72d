/**
 * DocuSign's multipart envelope upload: a `multipart/form-data` body whose first part is the JSON
 * envelope definition and whose other parts are documents with
 * `Content-Disposition: file; filename="..."; documentid=1`. Standard form-data parsers reject the
 * `file` disposition, so the simulator parses the parts itself.
 */

export interface Part {
  disposition: string;
  params: Record<string, string>;
  contentType: string;
  body: Uint8Array;
}

function parseParams(header: string): { disposition: string; params: Record<string, string> } {
  const [first, ...rest] = header.split(';');
  const params: Record<string, string> = {};
  for (const item of rest) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim().toLowerCase();
    params[key] = item.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { disposition: (first ?? '').trim().toLowerCase(), params };
}

/** Splits a multipart body; undefined when it is not well formed. At most 100 parts. */
export function parseMultipart(body: Uint8Array, contentType: string): Part[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = buf.indexOf(delimiter);
  if (pos < 0) return undefined;
  for (;;) {
    pos += delimiter.length;
    if (buf.subarray(pos, pos + 2).toString() === '--') return parts;
    if (buf.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = buf.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) return undefined;
    const next = buf.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return undefined;
    const headers: Record<string, string> = {};
    for (const line of buf.subarray(pos, headerEnd).toString('utf8').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const { disposition, params } = parseParams(headers['content-disposition'] ?? '');
    parts.push({ disposition, params, contentType: headers['content-type'] ?? '', body: new Uint8Array(buf.subarray(headerEnd + 4, next)) });
    if (parts.length > 100) return undefined;
    pos = next + 2;
  }
}
