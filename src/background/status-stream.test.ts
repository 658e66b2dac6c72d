import { describe, expect, it } from 'vitest';
import { readEvents } from './status-stream.ts';

const streamOf = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
      controller.close();
    },
  });

const all = async (body: ReadableStream<Uint8Array>, max?: number) => {
  const out = [];
  for await (const e of readEvents(body, max)) out.push(e);
  return out;
};

describe('readEvents (server-sent events)', () => {
  it('reads named events, skips comments, joins data lines, across chunk boundaries and CRLF', async () => {
    const events = await all(streamOf('event: ready\ndata: {}\n\n: keep-alive\n\nevent: env', 'elope\r\ndata: {"a":\r', '\ndata: 1}\r\n\r\n'));
    expect(events).toEqual([
      { name: 'ready', data: '{}' },
      { name: 'envelope', data: '{"a":\n1}' },
    ]);
  });

  it('ends the stream instead of growing without bound', async () => {
    expect(await all(streamOf(`data: ${'x'.repeat(100)}`, 'x'.repeat(100)), 50)).toEqual([]);
  });
});
