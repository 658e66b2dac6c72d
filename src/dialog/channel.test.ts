/**
 * Issue 14, finding 10: the dialog takes the page's port only with its session's secret. A page can post
 * port offers at the dialog's frame at any time; one with another secret, before or after the dialog
 * learnt its session, is closed and counted, and the bytes channel is the real port's.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest';

let frame: EventTarget;
let dataset: Record<string, string>;
beforeEach(() => {
  vi.resetModules();
  frame = new EventTarget();
  dataset = {};
  vi.stubGlobal('addEventListener', frame.addEventListener.bind(frame));
  vi.stubGlobal('document', { documentElement: { dataset } });
});
afterEach(() => vi.unstubAllGlobals());

/** What the page (or the content script) does: post `{ signbridge: 'port', secret }` with a port. */
function offer(secret: string) {
  const channel = new MessageChannel();
  const received: unknown[] = [];
  channel.port2.onmessage = (event: MessageEvent) => received.push(event.data);
  frame.dispatchEvent(new MessageEvent('message', { data: { signbridge: 'port', secret }, ports: [channel.port1] }));
  return { received, close: () => channel.port2.close() };
}

const SESSION = { secret: 'the-session-secret', presentation: 'frame' as const, opener: null };

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).toBe(true);
}

test('a wrong secret offered while the dialog holds its session is refused; the real port carries the channel', async () => {
  const { connect, post } = await import('./channel.ts');
  const connecting = connect(SESSION);
  const forged = offer('guessed-secret');
  expect(dataset['refusedMessages']).toBe('1');
  const real = offer(SESSION.secret);
  const port = await connecting;
  post(port, { type: 'fetch' });
  await until(() => real.received.length === 1);
  expect(real.received).toEqual([{ type: 'fetch' }]);
  expect(forged.received).toEqual([]);
  for (const o of [forged, real]) o.close();
});

test('a wrong secret offered before the session was known is refused once it is', async () => {
  const { connect, post } = await import('./channel.ts');
  const forged = offer('guessed-secret');
  const real = offer(SESSION.secret);
  const port = await connect(SESSION);
  expect(dataset['refusedMessages']).toBe('1');
  post(port, { type: 'fetch' });
  await until(() => real.received.length === 1);
  expect(forged.received).toEqual([]);
  for (const o of [forged, real]) o.close();
});
