/**
 * The text a PDF shows, page by page, for anchor tabs. Deliberately small: it reads uncompressed
 * content streams only (`x y Td (text) Tj`, as the simulator's own PDFs and the test fixtures write
 * them), pages in the order their objects appear. A compressed or otherwise written PDF yields no text,
 * so an anchor on it is "not found" here although DocuSign would find it (documented in README).
 */

export interface TextRun {
  /** 1-based page number. */
  page: number;
  /** Start of the run in PDF user space (points from the bottom left). */
  x: number;
  y: number;
  fontSize: number;
  text: string;
  /** The page's height (MediaBox), to turn y into DocuSign's top-left coordinates. */
  pageHeight: number;
}

const OBJECT = /(\d+)\s+0\s+obj\b([\s\S]*?)\bendobj/g;
const RUN = /\/F\w*\s+([\d.]+)\s+Tf\s+([\d.-]+)\s+([\d.-]+)\s+Td\s*\(((?:\\.|[^\\)])*)\)\s*Tj/g;

const unescape = (s: string): string => s.replace(/\\([()\\])/g, '$1');

function streamOf(body: string): string | undefined {
  if (/\/Filter/.test(body)) return undefined;
  const start = body.indexOf('stream');
  const end = body.lastIndexOf('endstream');
  return start < 0 || end < start ? undefined : body.slice(start + 6, end);
}

export function pdfTextRuns(bytes: Uint8Array): TextRun[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 5_000_000)).toString('latin1');
  const objects = new Map<string, string>();
  const pages: string[] = [];
  for (const [, id = '', body = ''] of text.matchAll(OBJECT)) {
    objects.set(id, body);
    if (/\/Type\s*\/Page(?![a-zA-Z])/.test(body)) pages.push(body);
  }
  const runs: TextRun[] = [];
  pages.forEach((page, i) => {
    const box = /\/MediaBox\s*\[\s*[\d.-]+\s+[\d.-]+\s+[\d.-]+\s+([\d.-]+)\s*\]/.exec(page);
    const pageHeight = Number(box?.[1] ?? 792);
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)/.exec(page)?.[1] ?? '';
    for (const [, ref = ''] of contents.matchAll(/(\d+)\s+0\s+R/g)) {
      const stream = streamOf(objects.get(ref) ?? '');
      if (stream === undefined) continue;
      for (const [, size = '12', x = '0', y = '0', run = ''] of stream.matchAll(RUN)) {
        runs.push({ page: i + 1, x: Number(x), y: Number(y), fontSize: Number(size), text: unescape(run), pageHeight });
      }
    }
  });
  return runs;
}
