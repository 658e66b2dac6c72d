/**
 * Pure: server-sent events (WHATWG HTML §9.2, "event stream interpretation") read from a byte stream,
 * enough for SignBridge's own `/v1/envelope-events`: `event:` and `data:` fields, comments, CRLF or LF.
 * Bounded: an event larger than `maxEventBytes` ends the stream rather than grow without limit.
 */
export interface ServerEvent {
  name: string;
  data: string;
}

export async function* readEvents(body: ReadableStream<Uint8Array>, maxEventBytes = 256 * 1024): AsyncGenerator<ServerEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
        // A CR at the end of a chunk may be the first half of a CRLF: wait for the next chunk.
        if (newline === buffer.length - 1 && buffer.endsWith('\r')) break;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) yield { name: name || 'message', data: data.join('\n') };
          name = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const raw = colon < 0 ? '' : line.slice(colon + 1);
        const text = raw.startsWith(' ') ? raw.slice(1) : raw;
        if (field === 'event') name = text;
        else if (field === 'data') data.push(text);
      }
      if (buffer.length + data.reduce((n, d) => n + d.length, 0) > maxEventBytes) return;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
