/**
 * The baseline of bench:connect in a process of its own, as the server is: the same @hono/node-server on
 * node:http, reading each request's body and answering 200 with a small JSON body. Prints `{"url": ...}`
 * once listening; ends with its parent (stdin closed).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

const server = serve({ fetch: async (req) => (await req.arrayBuffer(), Response.json({ ok: true })), hostname: '127.0.0.1', port: 0 }, () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.stdin.resume();
process.stdin.once('end', () => process.exit(0));
