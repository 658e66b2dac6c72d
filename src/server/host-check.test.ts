import { Hono } from 'hono';
import { expect, test } from 'vitest';
import { hostCheck, hostsOf } from './host-check.ts';

const app = new Hono().use(hostCheck(() => hostsOf('https://signbridge.example.com'))).get('/v1/config', (c) => c.json({ ok: true }));
const get = (host?: string) => app.request('/v1/config', host === undefined ? {} : { headers: { host } });

test('a request naming another host is refused with a clear 4xx (DNS rebinding)', async () => {
  const refused = await get('rebind.attacker.example');
  expect(refused.status).toBe(421);
  expect(await refused.json()).toEqual({ error: { code: 'bad_request', message: 'This server does not answer for the host "rebind.attacker.example".' } });
  expect((await get('signbridge.example.com:8443')).status).toBe(421);
});

test('its own host, in any case, and in-process requests without Host are answered', async () => {
  expect((await get('signbridge.example.com')).status).toBe(200);
  expect((await get('SignBridge.Example.com')).status).toBe(200);
  expect((await get()).status).toBe(200);
});

test('on loopback the same port answers under every loopback name', () => {
  expect(hostsOf('http://127.0.0.1:8787')).toEqual(['127.0.0.1:8787', 'localhost:8787', '[::1]:8787']);
  expect(hostsOf('https://signbridge.example.com/base')).toEqual(['signbridge.example.com', 'signbridge.example.com:443']);
  expect(hostsOf('https://signbridge.example.com:8443')).toEqual(['signbridge.example.com:8443']);
});
