/**
 * A request body handed chunk by chunk to a synchronous consumer (the multipart scan), from the Node
 * request itself when the server runs on a socket, or from a web stream (Hono's `app.request` in tests).
 *
 * Reading the Node `IncomingMessage` directly skips @hono/node-server's web-stream adapter
 * (`Readable.toWeb`, a promise and a queue entry per chunk): on a 1 MB upload that adapter cost more
 * than the scan itself (the cost bench, test/bench/send-cost.ts).
 */
import type { Readable } from 'node:stream';

/** The body ended before it was complete: the client hung up or the connection broke. Not our failure. */
export class BodyAborted extends Error {
  override name = 'BodyAborted';
}

/** A Node request (`IncomingMessage`) or any readable byte stream. */
export type BodySource = Readable | ReadableStream<Uint8Array>;

/**
 * Calls `take` with each chunk, synchronously as it arrives. When `take` throws, reading stops and the
 * promise rejects with that error: a web stream is cancelled; a Node request is paused and left to
 * @hono/node-server, which drains it (bounded) after our answer, so the client still reads the 4xx.
 */
export function feedBody(body: BodySource, take: (chunk: Uint8Array) => void): Promise<void> {
  return body instanceof ReadableStream ? feedWeb(body, take) : feedNode(body, take);
}

async function feedWeb(body: ReadableStream<Uint8Array>, take: (chunk: Uint8Array) => void): Promise<void> {
  const reader = body.getReader();
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (cause) {
      throw new BodyAborted('The request body ended early.', { cause });
    }
    if (next.done) return;
    try {
      take(next.value);
    } catch (error) {
      await reader.cancel().catch(() => undefined);
      throw error;
    }
  }
}

function feedNode(body: Readable, take: (chunk: Uint8Array) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (body.readableDidRead || body.destroyed) {
      reject(new BodyAborted('The request body is gone.'));
      return;
    }
    const settle = (error?: Error) => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      try {
        take(chunk);
      } catch (error) {
        body.pause();
        settle(error instanceof Error ? error : new Error('The body could not be read.'));
      }
    };
    const onEnd = () => settle();
    const onError = (cause: unknown) => settle(new BodyAborted('The request body ended early.', { cause }));
    // Closed without 'end' (and without 'error'): the connection went away mid-body.
    const onClose = () => settle(body.readableEnded ? undefined : new BodyAborted('The request body ended early.'));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}
