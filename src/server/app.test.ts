import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { ConfigResponse } from '../shared/api.ts';
import { createApp, type ServerConfig } from './app.ts';
import { memoryLogger } from './log.ts';

const config: ServerConfig = {
  publicUrl: 'http://127.0.0.1:8787',
  version: '0.0.0-test',
  docusign: {
    accountServer: 'http://127.0.0.1:9999',
    clientId: '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83',
    scopes: ['signature', 'extended'],
    redirectUri: 'http://127.0.0.1:8787/oauth/callback',
  },
};

describe('public endpoints', () => {
  test('GET /v1/config tells the extension how to link a login', async () => {
    const app = createApp({ config, log: memoryLogger() });
    const res = await app.request('/v1/config');
    expect(res.status).toBe(200);
    const body = v.parse(ConfigResponse, await res.json());
    expect(body).toEqual({
      accountServer: 'http://127.0.0.1:9999',
      clientId: '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83',
      scopes: ['signature', 'extended'],
      redirectUri: 'http://127.0.0.1:8787/oauth/callback',
      identityProviders: [],
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('GET /oauth/callback says the tab can be closed and never echoes or logs the code', async () => {
    const log = memoryLogger();
    const app = createApp({ config, log });
    const code = 'eyJ0eXAiOiJNVCJ9.secret-one-time-code';
    const res = await app.request(`/oauth/callback?code=${code}&state=st4te`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('You can close this tab');
    expect(html).not.toContain(code);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.join('\n')).not.toContain('secret-one-time-code');
  });

  test('GET /oauth/callback with an error explains it, escaped', async () => {
    const app = createApp({ config, log: memoryLogger() });
    const res = await app.request('/oauth/callback?error=access_denied&error_description=%3Cscript%3Ex%3C/script%3E');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('You can close this tab');
    expect(html).not.toContain('<script>');
  });

  test('GET /healthz answers with the version and a request id, and no CORS header', async () => {
    const log = memoryLogger();
    const res = await createApp({ config, log }).request('/healthz');
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ ok: true, version: '0.0.0-test' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(log.lines.some((l) => l.includes('"path":"/healthz"'))).toBe(true);
  });

  test('unknown endpoints answer 404 with a code', async () => {
    const app = createApp({ config, log: memoryLogger() });
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint.' } });
  });
});
