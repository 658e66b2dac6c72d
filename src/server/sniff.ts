/**
 * Document types from their bytes, never from their name or declared type. Only types DocuSign turns
 * into PDF and that cannot run script in a viewer are accepted; the rest is refused with 415.
 */

export interface DocumentType {
  /** DocuSign `document.fileExtension`. */
  extension: string;
  mime: string;
}

const TYPES = {
  pdf: { extension: 'pdf', mime: 'application/pdf' },
  docx: { extension: 'docx', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  xlsx: { extension: 'xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  pptx: { extension: 'pptx', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
  rtf: { extension: 'rtf', mime: 'application/rtf' },
  png: { extension: 'png', mime: 'image/png' },
  jpg: { extension: 'jpg', mime: 'image/jpeg' },
  gif: { extension: 'gif', mime: 'image/gif' },
  tif: { extension: 'tif', mime: 'image/tiff' },
  txt: { extension: 'txt', mime: 'text/plain' },
} as const satisfies Record<string, DocumentType>;

export const ACCEPTED_EXTENSIONS: readonly string[] = Object.values(TYPES).map((t) => t.extension);

const startsWith = (bytes: Uint8Array, ...prefix: number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

const ascii = (text: string): number[] => [...text].map((ch) => ch.charCodeAt(0));

/**
 * The type of a document from its first bytes (up to 64 KiB is enough: OOXML packages list their parts'
 * names in local file headers at the start of the zip). `head` must be the start of the document.
 */
export function sniffType(head: Uint8Array): DocumentType | undefined {
  // PDF readers accept the header anywhere in the first 1024 bytes; DocuSign wants it at the start.
  if (startsWith(head, ...ascii('%PDF-'))) return TYPES.pdf;
  if (startsWith(head, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return TYPES.png;
  if (startsWith(head, 0xff, 0xd8, 0xff)) return TYPES.jpg;
  if (startsWith(head, ...ascii('GIF87a')) || startsWith(head, ...ascii('GIF89a'))) return TYPES.gif;
  if (startsWith(head, 0x49, 0x49, 0x2a, 0x00) || startsWith(head, 0x4d, 0x4d, 0x00, 0x2a)) return TYPES.tif;
  if (startsWith(head, ...ascii('{\\rtf'))) return TYPES.rtf;
  if (startsWith(head, 0x50, 0x4b, 0x03, 0x04)) return sniffOoxml(head);
  if (looksLikePlainText(head)) return TYPES.txt;
  return undefined;
}

function sniffOoxml(head: Uint8Array): DocumentType | undefined {
  const text = Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
  if (!text.includes('[Content_Types].xml')) return undefined;
  if (text.includes('word/')) return TYPES.docx;
  if (text.includes('xl/')) return TYPES.xlsx;
  if (text.includes('ppt/')) return TYPES.pptx;
  return undefined;
}

/** UTF-8 text without control characters other than tab, CR, LF, FF, and not markup. */
function looksLikePlainText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  // A multi-byte character may be cut at the end of the head: ignore up to 3 trailing bytes.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(head.length > 4 ? head.subarray(0, trimToCharBoundary(head)) : head);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  // HTML and SVG would be rendered by DocuSign's converter; refuse anything that starts like markup.
  return !/^\s*</.test(text);
}

function trimToCharBoundary(bytes: Uint8Array): number {
  let end = bytes.length;
  // Walk back over continuation bytes (10xxxxxx) to the lead byte; drop the char if it is incomplete.
  let i = end - 1;
  let continuation = 0;
  while (i >= 0 && ((bytes[i] ?? 0) & 0xc0) === 0x80 && continuation < 3) {
    i -= 1;
    continuation += 1;
  }
  const lead = bytes[i] ?? 0;
  const needed = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  if (needed > continuation) end = i;
  return end;
}
