/**
 * Which anchor strings the document carries, so the form can say whether signers get fields by anchor
 * or place their own. Looks in the raw bytes and in Flate-compressed streams (the usual content
 * streams); text a PDF encodes otherwise (hex strings, CID fonts) is not seen here, though DocuSign may
 * find it, so this only chooses words: the worker sends every anchor and DocuSign skips the missing ones.
 * A dynamic import of its own, small, loaded once the document's bytes are in.
 */

const STREAM = /\/FlateDecode[^]*?stream\r?\n/g;
/** Stop after this many streams: a 25 MB scanned PDF must not keep the dialog busy. */
const MAX_STREAMS = 500;

async function inflate(bytes: Uint8Array): Promise<string> {
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new TextDecoder('latin1').decode(await new Response(stream).arrayBuffer());
  } catch {
    return '';
  }
}

/**
 * `/sn1/`… for each of `signers` (as the worker adds them, src/background/send-request.ts) and the
 * adapter's anchors of those signers.
 */
export function anchorStrings(signers: number, adapter: readonly { signer: number; anchor: string }[]): string[] {
  const own = Array.from({ length: signers }, (_, i) => `/sn${i + 1}/`);
  return [...new Set([...own, ...adapter.filter((a) => a.signer <= signers).map((a) => a.anchor)])];
}

export async function anchorsFound(blobUrl: string, anchors: readonly string[]): Promise<string[]> {
  if (anchors.length === 0) return [];
  const bytes = new Uint8Array(await (await fetch(blobUrl)).arrayBuffer());
  const raw = new TextDecoder('latin1').decode(bytes);
  const texts = [raw];
  let count = 0;
  for (const match of raw.matchAll(STREAM)) {
    if (++count > MAX_STREAMS) break;
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end > start) texts.push(await inflate(bytes.subarray(start, end)));
  }
  const haystack = texts.join('\n').toLowerCase();
  // DocuSign matches anchors without regard to case (spec `anchorCaseSensitive`, default false).
  return anchors.filter((a) => haystack.includes(a.toLowerCase()));
}
