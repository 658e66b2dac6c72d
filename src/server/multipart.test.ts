import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { boundaryOf, MultipartError, readMultipart, type MultipartLimits, type Part } from './multipart.ts';

const limits: MultipartLimits = { maxBytes: 1_000_000, maxFileBytes: 100_000, maxFieldBytes: 10_000, maxParts: 10 };

/** A body as the browser's FormData encodes it, optionally re-chunked to stress boundary handling. */
async function encode(form: FormData): Promise<{ bytes: Uint8Array; boundary: string }> {
  const req = new Request('http://x/', { method: 'POST', body: form });
  const boundary = boundaryOf(req.headers.get('content-type') ?? undefined);
  if (boundary === undefined) throw new Error('no boundary');
  return { bytes: new Uint8Array(await req.arrayBuffer()), boundary };
}

function streamOf(bytes: Uint8Array, chunkSizes: number[] = [bytes.length]): ReadableStream<Uint8Array> {
  let offset = 0;
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const size = Math.max(1, chunkSizes[i++ % chunkSizes.length] ?? 1);
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const fileBytes = (part: Part | undefined) =>
  part?.kind === 'file' ? Buffer.concat(part.chunks) : undefined;

describe('boundaryOf', () => {
  test('reads quoted and bare boundaries, refuses others', () => {
    expect(boundaryOf('multipart/form-data; boundary=abc')).toBe('abc');
    expect(boundaryOf('Multipart/Form-Data; charset=utf-8; boundary="a b"')).toBe('a b');
    expect(boundaryOf('multipart/mixed; boundary=abc')).toBeUndefined();
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
    expect(boundaryOf(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toBeUndefined();
    expect(boundaryOf(undefined)).toBeUndefined();
  });
});

describe('readMultipart', () => {
  test('reads fields and files exactly, whatever the chunking', async () => {
    const doc = new Uint8Array(5000).map((_, i) => (i * 31) % 256);
    // A file that contains something that looks like a delimiter prefix.
    const tricky = new TextEncoder().encode('\r\n--not-the-boundary\r\n--');
    const form = new FormData();
    form.append('request', JSON.stringify({ hello: 'wörld' }));
    form.append('document', new Blob([doc], { type: 'application/pdf' }), 'Contract "final".pdf');
    form.append('document', new Blob([tricky]), 'ümlaut.txt');
    const { bytes, boundary } = await encode(form);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }), async (chunks) => {
        const parts = await readMultipart(streamOf(bytes, chunks), boundary, limits);
        expect(parts).toHaveLength(3);
        expect(parts[0]).toEqual({ kind: 'field', name: 'request', value: '{"hello":"wörld"}' });
        expect(parts[1]).toMatchObject({ kind: 'file', name: 'document', filename: 'Contract "final".pdf', size: 5000 });
        expect(fileBytes(parts[1])?.equals(doc)).toBe(true);
        expect(parts[2]).toMatchObject({ filename: 'ümlaut.txt' });
        expect(fileBytes(parts[2])?.equals(tricky)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('any file bytes come back exactly, including pieces of the boundary, whatever the chunking', async () => {
    const form0 = new FormData();
    form0.append('x', 'y');
    const { boundary } = await encode(form0);
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom(`\r\n--${boundary.slice(0, 10)}`, `\r\n--${boundary}`.slice(0, -1), '\r\n', '--').map((t) => new TextEncoder().encode(t)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 6 }), async (pieces, chunks) => {
        const bytes = Buffer.concat(pieces);
        // A file cannot contain the delimiter itself (the sender picks a boundary that is not in it).
        fc.pre(!bytes.includes(`\r\n--${boundary}`));
        // Encoded by hand with a fixed boundary, so the pieces really imitate it.
        const raw = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="f.bin"\r\n\r\n`),
          bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const parts = await readMultipart(streamOf(raw, chunks), boundary, limits);
        expect(parts).toHaveLength(1);
        expect(fileBytes(parts[0])?.equals(bytes)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test('refuses a file over the limit while streaming', async () => {
    const form = new FormData();
    form.append('document', new Blob([new Uint8Array(100_001)]), 'big.pdf');
    const { bytes, boundary } = await encode(form);
    await expect(readMultipart(streamOf(bytes, [4096]), boundary, limits)).rejects.toMatchObject({ kind: 'too_large' });
  });

  test('refuses a body over the limit', async () => {
    const form = new FormData();
    for (let i = 0; i < 3; i++) form.append('document', new Blob([new Uint8Array(90_000)]), `${i}.pdf`);
    const { bytes, boundary } = await encode(form);
    await expect(readMultipart(streamOf(bytes), boundary, { ...limits, maxBytes: 200_000 })).rejects.toMatchObject({ kind: 'too_large' });
  });

  test('refuses too many parts', async () => {
    const form = new FormData();
    for (let i = 0; i < 11; i++) form.append('f', 'x');
    const { bytes, boundary } = await encode(form);
    await expect(readMultipart(streamOf(bytes), boundary, limits)).rejects.toMatchObject({ kind: 'too_many_parts' });
  });

  test.each([
    ['no closing boundary', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
    ['no disposition', '--b\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--b--'],
    ['no name', '--b\r\nContent-Disposition: form-data; filename="x"\r\n\r\nvalue\r\n--b--'],
    ['not form-data', '--b\r\nContent-Disposition: attachment; name="a"\r\n\r\nvalue\r\n--b--'],
    ['empty body', ''],
    ['garbage after boundary', '--bXYZ\r\n\r\n--b--'],
    ['field not UTF-8', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n\xff\xfe\r\n--b--'],
  ])('malformed: %s', async (_label, text) => {
    const error = await readMultipart(streamOf(Buffer.from(text, 'latin1')), 'b', limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MultipartError);
    expect((error as MultipartError).kind).toBe('malformed');
  });

  test('random bytes never escape as anything but a MultipartError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }), async (bytes, chunks) => {
        const prefixed = Buffer.concat([Buffer.from('--b\r\n'), bytes]);
        const outcome = await readMultipart(streamOf(prefixed, chunks), 'b', limits).then(
          () => 'parsed',
          (e: unknown) => e,
        );
        if (outcome !== 'parsed') expect(outcome).toBeInstanceOf(MultipartError);
      }),
      { numRuns: 500 },
    );
  });
});
