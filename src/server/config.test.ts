import { describe, expect, test } from 'vitest';
import { ConfigError, configFromEnv, SIM_CLIENT_ID } from './config.ts';

const defaults = { version: '1.0.0', databasePath: '/tmp/x.sqlite' };

describe('configFromEnv', () => {
  test('with no DocuSign variables it runs against the simulator', () => {
    const env = configFromEnv({}, defaults);
    expect(env.useSimulator).toBe(true);
    expect(env.server.docusign.clientId).toBe(SIM_CLIENT_ID);
    expect(env.server.docusign.redirectUri).toBe('http://127.0.0.1:8787/oauth/callback');
    expect(env.databasePath).toBe('/tmp/x.sqlite');
  });

  test('pointing at DocuSign is configuration only', () => {
    const env = configFromEnv(
      {
        DOCUSIGN_ACCOUNT_SERVER: 'https://account-d.docusign.com/',
        DOCUSIGN_CLIENT_ID: 'ik',
        SIGNBRIDGE_PUBLIC_URL: 'https://sign.example.com/',
        SIGNBRIDGE_DATABASE: '/var/lib/sb.sqlite',
      },
      defaults,
    );
    expect(env.useSimulator).toBe(false);
    expect(env.server.docusign).toEqual({
      accountServer: 'https://account-d.docusign.com',
      clientId: 'ik',
      scopes: ['signature', 'extended'],
      redirectUri: 'https://sign.example.com/oauth/callback',
    });
    expect(env.databasePath).toBe('/var/lib/sb.sqlite');
  });

  test('bad values are refused with the variable named', () => {
    expect(() => configFromEnv({ SIGNBRIDGE_PORT: 'eighty' }, defaults)).toThrow(ConfigError);
    expect(() => configFromEnv({ DOCUSIGN_ACCOUNT_SERVER: 'https://account.docusign.com' }, defaults)).toThrow(/DOCUSIGN_CLIENT_ID/);
    expect(() => configFromEnv({ SIGNBRIDGE_LOG_LEVEL: 'loud' }, defaults)).toThrow(/SIGNBRIDGE_LOG_LEVEL/);
  });
});
