import { describe, expect, it } from 'vitest';
import { readAtMost } from './stream.ts';

const streamOf = (...chunks: number[][]) => {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(new Uint8Array(next));
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
};

describe('readAtMost', () => {
  it('joins the chunks of a stream within the bound', async () => {
    const { stream } = streamOf([1, 2], [3], [4, 5]);
    expect(Array.from((await readAtMost(stream, 5)) as Uint8Array)).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops and cancels as soon as the bound is passed', async () => {
    const { stream, cancelled } = streamOf([1, 2], [3, 4], [5, 6]);
    await expect(readAtMost(stream, 3)).resolves.toBe('too-large');
    expect(cancelled()).toBe(true);
  });
});
