import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { memoryLogger } from './log.ts';

const make = () => {
  const log = memoryLogger();
  return { log, app: createApp({ config: { publicUrl: 'http://127.0.0.1:8787', version: '9.9.9' }, log }) };
};

describe('server skeleton', () => {
  it('answers /healthz with its version and logs the request with an id', async () => {
    const { app, log } = make();
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    await expect(res.json()).resolves.toEqual({ ok: true, version: '9.9.9' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(log.lines.some((l) => l.includes('"path":"/healthz"'))).toBe(true);
  });

  it('answers an unknown route with a 404 error code, not a crash', async () => {
    const { app } = make();
    const res = await app.request('/nope', { method: 'POST' });
    expect(res.status).toBe(404);
    await expect(res.json()).resolves.toMatchObject({ error: { code: 'not_found' } });
  });
});
