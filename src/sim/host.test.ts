/** DNS rebinding: a page on a name pointed at 127.0.0.1 reaches the simulator "same-origin", but names itself in Host. */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSimServer, type SimServer } from './index.ts';

let server: SimServer;
beforeAll(async () => {
  server = await startSimServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

function send(method: string, path: string, host: string, body?: string): Promise<number> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { host, 'sec-fetch-site': 'same-origin', ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('a foreign Host is refused on every route, control routes included; the simulator’s own names are answered', async () => {
  const { port } = new URL(server.origin);
  const rebound = `rebind.attacker.example:${port}`;
  expect(await send('GET', '/_sim/calls', rebound)).toBe(421);
  const uri = JSON.stringify({ uri: 'https://attacker.example/steal' });
  expect(await send('POST', '/_sim/keys/5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83/redirect-uris', rebound, uri)).toBe(421);
  expect(await send('GET', '/oauth/auth?client_id=x', rebound)).toBe(421);
  expect(await send('GET', '/_sim/calls', `127.0.0.1:${Number(port) + 1}`)).toBe(421);
  expect(await send('GET', '/_sim/calls', `127.0.0.1:${port}`)).toBe(200);
  expect(await send('GET', '/_sim/calls', `localhost:${port}`)).toBe(200);
  // The rebinding attempt registered nothing.
  expect(server.sim.control.calls().filter((c) => c.path.includes('redirect-uris') && c.status === 200)).toEqual([]);
});
