import { expect, test } from 'vitest';
import type { ServerSettings } from './auth.ts';
import { signInOrigins } from './sign-in-permission.ts';

const settings = (serverUrl: string | null, problem: string | null = null): ServerSettings => ({
  serverUrl,
  source: 'options',
  optionsValue: serverUrl,
  problem,
});
const MANIFEST = ['http://127.0.0.1/*', 'https://account-d.docusign.com/*'];

test('Connect asks for the server (never with a port: Firefox refuses that) and the manifest hosts', () => {
  const asked = signInOrigins(settings('https://signbridge.example:8443/base'), MANIFEST);
  expect(asked).toEqual({ ok: true, value: ['https://signbridge.example/*', ...MANIFEST] });
  // A server the manifest already names is asked for once.
  expect(signInOrigins(settings('http://127.0.0.1:8787'), MANIFEST)).toEqual({ ok: true, value: MANIFEST });
});

test('settings not read yet ask for the manifest hosts; no server set is an error, asking nothing', () => {
  expect(signInOrigins(null, MANIFEST)).toEqual({ ok: true, value: MANIFEST });
  const none = signInOrigins(settings(null, 'A release has no default server.'), MANIFEST);
  expect(none.ok).toBe(false);
  expect(!none.ok && none.error.message).toBe('A release has no default server.');
});
