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

/** Extension → kind. A Map, not an object: `x.constructor` must not find Object's own properties. */
const BY_EXTENSION = new Map<string, DocumentKind>();
for (const [kind, extensions] of Object.entries({
  pdf: 'pdf',
  word: 'doc docx docm dot dotx odt rtf',
  excel: 'xls xlsx xlsm ods csv',
  powerpoint: 'ppt pptx odp',
  image: 'png jpg jpeg gif tif tiff bmp',
  text: 'txt md',
  // A `.html` URL is almost always a page to visit: it counts only with a `download` or `type` cue.
  html: 'htm html',
})) {
  for (const extension of extensions.split(' ')) BY_EXTENSION.set(extension, kind as DocumentKind);
}

/** MIME type → kind, first match: the office formats by the words their types carry (msword, spreadsheetml…). */
const BY_MIME: [RegExp, DocumentKind][] = [
  [/^image\//, 'image'],
  [/^text\/plain$/, 'text'],
  [/^text\/html$/, 'html'],
  [/^text\/csv$|^application\/.*(excel|spreadsheet)/, 'excel'],
  [/^application\/.*pdf/, 'pdf'],
  [/^application\/.*(word|rtf|opendocument\.text)/, 'word'],
  [/^application\/.*(powerpoint|presentation)/, 'powerpoint'],
];

/** The kind of document a MIME type names (its parameters ignored). */
export function kindFromMime(mime: string): DocumentKind | undefined {
  const m = mime.split(';')[0]?.trim().toLowerCase() ?? '';
  return BY_MIME.find(([pattern]) => pattern.test(m))?.[1];
}

/** Lower-case extension of a file name or path (`"a/B.PDF"` → `"pdf"`), or `''`. */
export function extensionOf(name: string): string {
  // By index, not by splitting: it runs a few times for every link of a 10,000-row library.
  const start = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1;
  const dot = name.lastIndexOf('.');
  return dot > start && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

export function kindFromName(name: string, allowHtml = false): DocumentKind | undefined {
  const kind = BY_EXTENSION.get(extensionOf(name));
  return kind === 'html' && !allowHtml ? undefined : kind;
}

/** A short text that is itself a file name ("Contract 2026.pdf"), the cue DMS download links carry. */
function fileNameCue(text: string): string | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > 200 || /[\n/\\]/.test(t)) return undefined;
  return kindFromName(t) ? t : undefined;
}

/**
 * The query's values. Not `[...params.values()]`: in a Firefox content script the iterator of a
 * URLSearchParams (a page-compartment object seen through Xrays) is not iterable; `forEach` works.
 */
function queryValues(search: string): string[] {
  const values: string[] = [];
  new URLSearchParams(search).forEach((value) => values.push(value));
  return values;
}

export function safeDecode(s: string): string {
  // Most names carry no escapes: decoding them is pure cost on a 10,000-row library.
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface UrlParts {
  /** Absolute, without the fragment. */
  href: string;
  pathname: string;
  search: string;
  hadFragment: boolean;
}

const ABSOLUTE_HTTP = /^(https?:\/\/[a-z0-9.-]+(?::\d{1,5})?)(\/[^?#\s]*)?(\?[^#\s]*)?(#.*)?$/i;

/**
 * Splits a URL without the cost of `new URL` when it is already absolute and plain (the DOM layer
 * passes `a.href`, which the browser resolved and normalised); anything else goes through `URL`.
 */
export function splitUrl(raw: string, base: string): UrlParts | undefined {
  // A root-relative path ("/files/a.pdf") only needs the page's origin in front of it.
  const href = raw.startsWith('/') && !raw.startsWith('//') ? `${pageOrigin(base)}${raw}` : raw;
  const fast = ABSOLUTE_HTTP.exec(href);
  if (fast && !/[\\]|\/\.\.?(?:\/|$)|%2e/i.test(fast[2] ?? '') && /^[\x21-\x7e]+$/.test(href)) {
    const pathname = fast[2] ?? '/';
    const search = fast[3] ?? '';
    return { href: `${fast[1]?.toLowerCase() ?? ''}${pathname}${search}`, pathname, search, hadFragment: fast[4] !== undefined };
  }
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const hadFragment = url.hash !== '' || href.includes('#');
  url.hash = '';
  return { href: url.href, pathname: url.pathname, search: url.search, hadFragment };
}

let lastBase: { base: string; href: string; origin: string } | undefined;
function parsedBase(base: string) {
  if (lastBase?.base !== base) {
    const page = new URL(base);
    page.hash = '';
    lastBase = { base, href: page.href, origin: page.origin };
  }
  return lastBase;
}
/** The page's URL without its fragment; parsed once per page URL, not once per link. */
const pageWithoutFragment = (base: string) => parsedBase(base).href;
const pageOrigin = (base: string) => parsedBase(base).origin;

/**
 * The document a link or control leads to, or `undefined` for navigation. `base` is the page's URL:
 * a fragment link to the same page is navigation, whatever it is called.
 */
export function documentFromLink(link: LinkInfo, base: string): DocumentRef | undefined {
  return plainDocument(link, base) ?? (mightBeDocument(link) ? classifyLink(link, base) : undefined);
}

/**
 * A path from the site's root (not `//host/…`, a URL of another host) in characters no URL parser changes,
 * without dot segments, query or fragment.
 */
const PLAIN_PATH = /^(?!\/\/)(?:\/(?!\.\.?(?:\/|$))[\w.~-]*)+$/;

/**
 * The commonest document link (`/files/lib/Contract-7.pdf`, no `download`, `type` or title), decided
 * without parsing its URL: it is what `classifyLink` makes of it, in one test instead of six on every
 * document of a 10,000-row library (a property test in detect.test.ts holds the two equal). `undefined`:
 * not such a link, ask `classifyLink`.
 */
function plainDocument(link: LinkInfo, base: string): DocumentRef | undefined {
  if (link.download != null || link.type || link.title || !PLAIN_PATH.test(link.href)) return undefined;
  const origin = pageOrigin(base);
  if (!origin.startsWith('http')) return undefined;
  const segment = link.href.slice(link.href.lastIndexOf('/') + 1);
  // Not `.html`: a page, unless a cue says otherwise (classifyLink).
  const kind = kindFromName(segment);
  if (kind === undefined) return undefined;
  return { url: `${origin}${link.href}`, name: (fileNameCue(link.text) || segment).slice(0, 200), kind };
}

// The URL parser drops leading and trailing spaces and every tab and newline (WHATWG URL), so
// `href="?file=a.pdf "` is a document: allow trailing space here, strip tabs and newlines below.
const EXTENSION_END = /\.[a-z0-9]{1,5}(?:[?#&]|\s*$)|%2e/i;
const URL_IGNORED = /[\t\n\r]/g;
const HAS_IGNORED = /[\t\n\r]/;
const NAME_END = /\.[a-z0-9]{1,5}\s*$/i;

/**
 * A cheap test that rejects most navigation links before any URL parsing: without an extension in
 * the URL, a `type`, a `download` or a file name in the text or title, a link cannot be a document.
 * (Property-tested against `classifyLink`: it never rejects a link that one accepts.)
 */
export function mightBeDocument(link: LinkInfo): boolean {
  return (
    (link.download != null) ||
    Boolean(link.type) ||
    EXTENSION_END.test(link.href) ||
    (HAS_IGNORED.test(link.href) && EXTENSION_END.test(link.href.replace(URL_IGNORED, ''))) ||
    NAME_END.test(link.text) ||
    (Boolean(link.title) && NAME_END.test(link.title ?? ''))
  );
}

/** The full decision, without the prefilter (exported for the property test). */
export function classifyLink(link: LinkInfo, base: string): DocumentRef | undefined {
  const parts = splitUrl(link.href, base);
  if (!parts) return undefined;
  if (parts.hadFragment && parts.href === pageWithoutFragment(base)) return undefined;
  const url = parts;

  const lastSegment = safeDecode(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
  const hasDownload = link.download != null;
  const fromDownload = hasDownload && link.download ? link.download.trim() : '';
  const ofPath = kindFromName(lastSegment, true);
  const byPath = ofPath === 'html' && !hasDownload ? undefined : ofPath;
  const textCue = fileNameCue(link.text) ?? (link.title ? fileNameCue(link.title) : undefined);
  // The query is parsed only when nothing cheaper said "document".
  const queryCue = byPath || textCue || !url.search ? undefined : queryValues(url.search).map(safeDecode).find((value) => fileNameCue(value) !== undefined);

  const kind =
    byPath ??
    (link.type ? kindFromMime(link.type) : undefined) ??
    (fromDownload ? kindFromName(fromDownload, true) : undefined) ??
    (textCue ? kindFromName(textCue) : undefined) ??
    (queryCue ? kindFromName(queryCue) : undefined) ??
    (hasDownload && lastSegment ? 'other' : undefined);
  if (kind === undefined) return undefined;

  const name = fromDownload || textCue || (ofPath ? lastSegment : '') || queryCue || link.text.trim() || lastSegment;
  return { url: url.href, name: name.slice(0, 200), kind };
}

/** A stable key for "this document on this page": the page without fragment and query noise, plus the document URL. */
export function documentKey(pageUrl: string, documentUrl: string): string {
  const page = new URL(pageUrl);
  return `${page.origin}${page.pathname}|${documentUrl}`;
}
