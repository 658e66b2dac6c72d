/**
 * Generic document detection, as pure functions on plain data: is this link or control a document
 * (by its URL's extension, its `type`, its `download` attribute or a file-name cue), and what is the
 * document called? Navigation links (anchors, mail, scripts, ordinary pages) are not documents.
 */

export type DocumentKind = 'pdf' | 'word' | 'excel' | 'powerpoint' | 'image' | 'text' | 'html' | 'other';

export interface LinkInfo {
  /** The raw attribute value (href, data-href...), resolved against `base`. */
  href: string;
  text: string;
  type?: string | null | undefined;
  /** `null` when the attribute is absent; `''` when present without a value. */
  download?: string | null | undefined;
  title?: string | null | undefined;
}

export interface DocumentRef {
  /** Absolute URL, without its fragment. */
  url: string;
  name: string;
  kind: DocumentKind;
}

const BY_EXTENSION: Readonly<Record<string, DocumentKind>> = {
  pdf: 'pdf',
  doc: 'word', docx: 'word', docm: 'word', dot: 'word', dotx: 'word', odt: 'word', rtf: 'word',
  xls: 'excel', xlsx: 'excel', xlsm: 'excel', ods: 'excel', csv: 'excel',
  ppt: 'powerpoint', pptx: 'powerpoint', odp: 'powerpoint',
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', tif: 'image', tiff: 'image', bmp: 'image',
  txt: 'text', md: 'text',
  // A `.html` URL is almost always a page to visit: it counts only with a `download` or `type` cue.
  htm: 'html', html: 'html',
};

const BY_MIME: Readonly<Record<string, DocumentKind>> = {
  'application/pdf': 'pdf',
  'application/msword': 'word',
  'application/rtf': 'word',
  'application/vnd.oasis.opendocument.text': 'word',
  'application/vnd.ms-excel': 'excel',
  'application/vnd.oasis.opendocument.spreadsheet': 'excel',
  'text/csv': 'excel',
  'application/vnd.ms-powerpoint': 'powerpoint',
  'text/plain': 'text',
  'text/html': 'html',
};

/** The MIME type DocuSign and the server should be told for a kind + extension. */
export function kindFromMime(mime: string): DocumentKind | undefined {
  const m = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  if (m in BY_MIME) return BY_MIME[m];
  if (m.startsWith('application/vnd.openxmlformats-officedocument.wordprocessingml')) return 'word';
  if (m.startsWith('application/vnd.openxmlformats-officedocument.spreadsheetml')) return 'excel';
  if (m.startsWith('application/vnd.openxmlformats-officedocument.presentationml')) return 'powerpoint';
  if (m.startsWith('image/')) return 'image';
  return undefined;
}

/** Lower-case extension of a file name or path (`"a/B.PDF"` → `"pdf"`), or `''`. */
export function extensionOf(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const dot = last.lastIndexOf('.');
  return dot > 0 && dot < last.length - 1 ? last.slice(dot + 1).toLowerCase() : '';
}

export function kindFromName(name: string, allowHtml = false): DocumentKind | undefined {
  const kind = BY_EXTENSION[extensionOf(name)];
  return kind === 'html' && !allowHtml ? undefined : kind;
}

/** A short text that is itself a file name ("Contract 2026.pdf"), the cue DMS download links carry. */
function fileNameCue(text: string): string | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > 200 || /[\n/\\]/.test(t)) return undefined;
  return kindFromName(t) ? t : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The document a link or control leads to, or `undefined` for navigation. `base` is the page's URL:
 * a fragment link to the same page is navigation, whatever it is called.
 */
export function documentFromLink(link: LinkInfo, base: string): DocumentRef | undefined {
  let url: URL;
  try {
    url = new URL(link.href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const hadFragment = url.hash !== '';
  url.hash = '';
  const page = new URL(base);
  page.hash = '';
  if (hadFragment && url.href === page.href) return undefined;

  const lastSegment = safeDecode(url.pathname.split('/').pop() ?? '');
  const hasDownload = link.download !== null && link.download !== undefined;
  const fromDownload = hasDownload && link.download ? link.download.trim() : '';
  const textCue = fileNameCue(link.text) ?? (link.title ? fileNameCue(link.title) : undefined);
  const queryCue = [...url.searchParams.values()].map(safeDecode).find((value) => fileNameCue(value) !== undefined);

  const kind =
    kindFromName(lastSegment, hasDownload) ??
    (link.type ? kindFromMime(link.type) : undefined) ??
    (fromDownload ? kindFromName(fromDownload, true) : undefined) ??
    (textCue ? kindFromName(textCue) : undefined) ??
    (queryCue ? kindFromName(queryCue) : undefined) ??
    (hasDownload && lastSegment ? 'other' : undefined);
  if (kind === undefined) return undefined;

  const name = fromDownload || textCue || (kindFromName(lastSegment, true) ? lastSegment : '') || queryCue || link.text.trim() || lastSegment;
  return { url: url.href, name: name.slice(0, 200), kind };
}

/** A stable key for "this document on this page": the page without fragment and query noise, plus the document URL. */
export function documentKey(pageUrl: string, documentUrl: string): string {
  const page = new URL(pageUrl);
  return `${page.origin}${page.pathname}|${documentUrl}`;
}
