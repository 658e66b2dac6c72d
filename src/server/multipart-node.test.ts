/**
 * The multipart reader on a Node request, as the server runs it (body-source.ts): chunks split anywhere,
 * the size limits to the byte, and a client that hangs up mid-body or gets a 413 mid-body.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { BodyAborted, MultipartError, readMultipart, type MultipartLimits, type Part } from './multipart.ts';

const B = 'sb-test-boundary';
const limits: MultipartLimits = { maxBytes: 1_000_000, maxFileBytes: 1000, maxFieldBytes: 100, maxParts: 4 };

const body = (file: Uint8Array, field = '{"a":1}') =>
  Buffer.concat([
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="request"\r\n\r\n${field}\r\n`),
    Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="document"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${B}--\r\n`),
  ]);

/** A Node stream of `bytes` cut at the given offsets. */
function nodeStream(bytes: Buffer, cuts: number[]): Readable {
  const at = [...new Set(cuts.map((c) => Math.min(bytes.length, c)))].sort((a, b) => a - b);
  const pieces = [0, ...at, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i === 0 ? 0 : (ends[i - 1] ?? 0), end));
  return Readable.from(pieces.filter((p) => p.length > 0));
}

const fileOf = (parts: Part[]) => {
  const file = parts.find((p) => p.kind === 'file');
  return file?.kind === 'file' ? file : undefined;
};

describe('readMultipart on a Node stream', () => {
  test('every cut, through the delimiter, the headers and the CRLFs, gives back the same parts', async () => {
    const file = Buffer.from(`%PDF-1.4\r\n--${B.slice(0, 8)}\r\n--\r\n${'x'.repeat(300)}`);
    const bytes = body(file);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length }), { maxLength: 12 }), async (cuts) => {
        const parts = await readMultipart(nodeStream(bytes, cuts), B, limits, bytes.length);
        expect(parts[0]).toEqual({ kind: 'field', name: 'request', value: '{"a":1}' });
        const got = fileOf(parts);
        expect(got?.size).toBe(file.length);
        expect(got?.chunks).toHaveLength(1);
        expect(Buffer.concat(got?.chunks ?? []).equals(file)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('one byte at a time, with a declared length shorter than the body (it grows) or none', async () => {
    const file = Buffer.alloc(900, 0x41);
    const bytes = body(file);
    const cuts = Array.from({ length: bytes.length }, (_, i) => i + 1);
    for (const declared of [undefined, 10]) {
      const got = fileOf(await readMultipart(nodeStream(bytes, cuts), B, limits, declared));
      expect(Buffer.concat(got?.chunks ?? []).equals(file)).toBe(true);
    }
  });

  test('a body longer than the first reservation (4 MiB) grows to its declared length, or doubling without one', async () => {
    const big = { ...limits, maxFileBytes: 6 * 1024 * 1024, maxBytes: 7 * 1024 * 1024 };
    const file = Buffer.alloc(5 * 1024 * 1024 + 3).map((_, i) => i % 251);
    const bytes = body(file);
    const cuts = Array.from({ length: 90 }, (_, i) => (i + 1) * 65536);
    for (const declared of [bytes.length, undefined]) {
      const got = fileOf(await readMultipart(nodeStream(bytes, cuts), B, big, declared));
      expect(got?.chunks).toHaveLength(1);
      expect(Buffer.concat(got?.chunks ?? []).equals(file)).toBe(true);
    }
  });

  test('a file at the limit is read; one byte over is refused, in one chunk or split before the delimiter', async () => {
    const at = body(Buffer.alloc(limits.maxFileBytes, 0x41));
    expect(fileOf(await readMultipart(nodeStream(at, []), B, limits))?.size).toBe(limits.maxFileBytes);
    const over = body(Buffer.alloc(limits.maxFileBytes + 1, 0x41));
    for (const cuts of [[], [over.length - 10], [over.length - 20, over.length - 5]]) {
      await expect(readMultipart(nodeStream(over, cuts), B, limits)).rejects.toMatchObject({ kind: 'too_large' });
    }
    // A text part the same way.
    expect((await readMultipart(nodeStream(body(Buffer.from('x'), 'y'.repeat(limits.maxFieldBytes)), []), B, limits))[0]).toMatchObject({ kind: 'field' });
    await expect(readMultipart(nodeStream(body(Buffer.from('x'), 'y'.repeat(limits.maxFieldBytes + 1)), []), B, limits)).rejects.toMatchObject({ kind: 'too_large' });
  });

  test('a file over the limit is refused while streaming, before the rest of the body is read', async () => {
    const chunks = [body(Buffer.alloc(0)).subarray(0, 200), ...Array.from({ length: 1000 }, () => Buffer.alloc(100, 0x41))];
    let pulled = 0;
    const source = Readable.from((function* () {
      for (const chunk of chunks) {
        pulled++;
        yield chunk;
      }
    })());
    await expect(readMultipart(source, B, limits)).rejects.toMatchObject({ kind: 'too_large' });
    expect(pulled).toBeLessThan(50);
  });

  test('a body without its final boundary is malformed', async () => {
    const bytes = body(Buffer.from('abc'));
    for (const cut of [bytes.length - 4, bytes.length - 8, bytes.length - 30]) {
      const error = await readMultipart(nodeStream(bytes.subarray(0, cut), [cut - 3]), B, limits).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MultipartError);
      expect((error as MultipartError).kind).toBe('malformed');
    }
  });

  test('a stream that fails mid-body is the client’s doing (BodyAborted), not a MultipartError', async () => {
    const source = new Readable({ read() {} });
    source.push(body(Buffer.from('abc')).subarray(0, 120));
    const read = readMultipart(source, B, limits);
    source.destroy(new Error('aborted'));
    await expect(read).rejects.toBeInstanceOf(BodyAborted);
  });
});

describe('readMultipart on a real socket', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    if (server !== undefined) await once(server, 'close');
    server = undefined;
  });

  const listen = async (handle: (req: IncomingMessage) => Promise<{ status: number; text: string }>) => {
    server = createServer((req, res) => {
      void handle(req).then(({ status, text }) => res.writeHead(status, { Connection: 'close' }).end(text));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  };

  test('a client that hangs up mid-body: BodyAborted', async () => {
    let outcome: unknown;
    const settled = new Promise<void>((resolve) => {
      void listen(async (req) => {
        outcome = await readMultipart(req, B, limits, 100_000).catch((e: unknown) => e);
        resolve();
        return { status: 499, text: '' };
      }).then((port) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${body(Buffer.from('abc')).subarray(0, 150).toString('latin1')}`);
          setImmediate(() => socket.destroy());
        });
      });
    });
    await settled;
    expect(outcome).toBeInstanceOf(BodyAborted);
  });

  test('a file over the limit: reading stops and the client still reads the 413', async () => {
    const port = await listen(async (req) => {
      const error = await readMultipart(req, B, limits).catch((e: unknown) => e);
      // Left paused, not destroyed: the answer can still be written. (Node drains what follows.)
      return { status: error instanceof MultipartError && error.kind === 'too_large' ? 413 : 500, text: req.destroyed ? 'destroyed' : 'paused' };
    });
    const bytes = body(Buffer.alloc(5000, 0x41));
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: bytes });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('paused');
  });
});
