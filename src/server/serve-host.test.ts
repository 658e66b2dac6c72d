/**
 * Issue 14, finding 5, on the server: over a real socket, a `Host` that is not the server's own is
 * refused with 421 (DNS rebinding: a page on a name rebound to 127.0.0.1 reaches the port "same-origin").
 * Its own hosts are the public URL's, the listen address's loopback names, and SIGNBRIDGE_ALLOWED_HOSTS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { configFromEnv } from './config.ts';
import { memoryLogger } from './log.ts';
import { startServer, type RunningServer } from './serve.ts';

let running: RunningServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-host-'));
  const env = configFromEnv(
    { SIGNBRIDGE_PUBLIC_URL: 'https://signbridge.example.com', SIGNBRIDGE_ALLOWED_HOSTS: 'Upstream.internal:8787, 10.0.0.7' },
    { version: 'test', databasePath: join(dir, 'db.sqlite') },
  );
  running = await startServer({ config: env.server, publicUrl: env.server.publicUrl, host: '127.0.0.1', port: 0, databasePath: env.databasePath, log: memoryLogger(), simulatorPort: 0 });
});
afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

function send(method: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(running.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host, 'sec-fetch-site': 'same-origin' } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a foreign Host is refused with 421 and says what to do, on every route the browser or DocuSign reaches', async () => {
  const { port } = new URL(running.url);
  const rebound = `rebind.attacker.example:${port}`;
  const refused = await send('GET', '/v1/config', rebound);
  expect(refused.status).toBe(421);
  expect(JSON.parse(refused.body)).toEqual({
    error: {
      code: 'bad_request',
      message: `This server does not answer for the host "${rebound}". Its administrator can add it to SIGNBRIDGE_ALLOWED_HOSTS (README, "Configuration").`,
    },
  });
  for (const [method, path] of [['GET', '/v1/envelopes'], ['POST', '/connect/docusign'], ['GET', '/admin'], ['GET', '/oauth/callback?code=x']] as const) {
    expect((await send(method, path, rebound)).status, `${method} ${path}`).toBe(421);
  }
  // Another port on loopback is another server.
  expect((await send('GET', '/v1/config', `127.0.0.1:${Number(port) + 1}`)).status).toBe(421);
  expect((await send('GET', '/v1/config', 'signbridge.example.com.attacker.example')).status).toBe(421);
});

test('the public URL’s host, the loopback listen names and SIGNBRIDGE_ALLOWED_HOSTS are answered; probes under any Host', async () => {
  const { port } = new URL(running.url);
  for (const host of ['signbridge.example.com', 'SignBridge.example.com:443', `127.0.0.1:${port}`, `localhost:${port}`, 'upstream.internal:8787', '10.0.0.7']) {
    expect((await send('GET', '/v1/config', host)).status, host).toBe(200);
  }
  // Balancers and scrapers reach an instance by its address.
  expect((await send('GET', '/healthz', '10.1.2.3:8787')).status).toBe(200);
  expect((await send('GET', '/metrics', '10.1.2.3:8787')).status).toBe(200);
});

test('SIGNBRIDGE_ALLOWED_HOSTS that is no host list stops the start, naming the variable', () => {
  expect(() => configFromEnv({ SIGNBRIDGE_ALLOWED_HOSTS: 'https://proxy.example' }, { version: 't', databasePath: ':memory:' })).toThrow(
    'SIGNBRIDGE_ALLOWED_HOSTS: "https://proxy.example" is not a host name with an optional port',
  );
});
