/** What the companion server answers and what it posts to DocuSign, for the send tests. */
import { parseMultipart } from '../../src/sim/multipart.ts';

/** The status and error code of a companion-server refusal. */
export async function errorOf(res: Response): Promise<{ status: number; code: string }> {
  return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
}

/** The envelope definitions the server posts to DocuSign, read from its multipart upload as the simulator reads it. */
export function captureDefinitions() {
  const bodies: Record<string, unknown>[] = [];
  const wrapFetch =
    (inner: typeof globalThis.fetch): typeof globalThis.fetch =>
    async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'POST' && request.url.endsWith('/envelopes')) {
        const parts = parseMultipart(new Uint8Array(await request.clone().arrayBuffer()), request.headers.get('content-type') ?? '');
        bodies.push(JSON.parse(Buffer.from(parts?.[0]?.body ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>);
      }
      return inner(request);
    };
  return { bodies, wrapFetch };
}
