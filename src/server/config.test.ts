import { generateKeyPairSync } from 'node:crypto';
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

  describe('organization sending', () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const tenant = {
      id: 'adams',
      name: 'Adams Consulting',
      environment: 'developer',
      accountId: 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55',
      systemUserId: 'c3d2e0a4-6d9f-4e3b-9a5c-8f4d7b0e2c33',
      identityProvider: { issuer: 'https://login.microsoftonline.com/0000/v2.0', clientId: 'app-1' },
      emailDomains: ['Adams.example'],
      organizationSending: true,
    };
    const files = (tenants: unknown, pem = key) => ({ ...defaults, readFile: (path: string) => (path === '/etc/tenants.json' ? JSON.stringify(tenants) : pem) });
    const env = { DOCUSIGN_ACCOUNT_SERVER: 'https://account-d.docusign.com', DOCUSIGN_CLIENT_ID: 'ik', SIGNBRIDGE_TENANTS: '/etc/tenants.json', DOCUSIGN_JWT_CLIENT_ID: 'jwt-ik', DOCUSIGN_PRIVATE_KEY_FILE: '/etc/key.pem' };

    test('a valid tenants file and key: tenants, environments mapped to DocuSign\'s account servers', () => {
      const org = configFromEnv(env, files({ tenants: [tenant] })).server.org;
      expect(org?.tenants[0]?.emailDomains).toEqual(['adams.example']);
      expect(org?.accountServers).toEqual({ developer: 'https://account-d.docusign.com', production: 'https://account.docusign.com' });
      expect(org?.sessionTtlSeconds).toBe(3600);
      expect(org?.consentRedirectUri).toBe('http://127.0.0.1:8787/admin/consent/callback');
    });

    test('an unknown environment or a bad field stops the start, naming tenant and field', () => {
      expect(() => configFromEnv(env, files({ tenants: [{ ...tenant, environment: 'staging' }] }))).toThrow(/tenant "adams", field environment: must be one of developer, production/);
      expect(() => configFromEnv(env, files({ tenants: [{ ...tenant, accountId: 'nope' }] }))).toThrow(/tenant "adams", field accountId: must be a GUID/);
      expect(() => configFromEnv(env, files({ tenants: [{ ...tenant, identityProvider: { issuer: 'http://idp.example', clientId: 'x' } }] }))).toThrow(
        /tenant "adams", field identityProvider.issuer: must be an https URL/,
      );
      expect(() => configFromEnv(env, files({ tenants: [tenant, { ...tenant, id: 'copy' }] }))).toThrow(/tenant "copy", field emailDomains: adams.example already belongs to tenant "adams"/);
      expect(() => configFromEnv(env, files({ tenants: [{ ...tenant, extra: 1 }] }))).toThrow(/tenant "adams"/);
    });

    test('a malformed or non-RSA key stops the start without quoting the key', () => {
      const broken = key.replace(/[A-Za-z]{20}/, 'x');
      expect(() => configFromEnv(env, files({ tenants: [tenant] }, broken))).toThrow(ConfigError);
      try {
        configFromEnv(env, files({ tenants: [tenant] }, broken));
      } catch (error) {
        expect(String(error)).toMatch(/DOCUSIGN_PRIVATE_KEY_FILE does not hold a readable PEM private key/);
        expect(String(error)).not.toContain(key.split('\n')[1] ?? 'never');
      }
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(() => configFromEnv(env, files({ tenants: [tenant] }, ec))).toThrow(/must be an RSA private key/);
      const { DOCUSIGN_PRIVATE_KEY_FILE: _file, ...noKey } = env;
      expect(() => configFromEnv(noKey, files({ tenants: [tenant] }))).toThrow(/DOCUSIGN_PRIVATE_KEY_FILE \(or DOCUSIGN_PRIVATE_KEY\) is required/);
      expect(configFromEnv({ ...noKey, DOCUSIGN_PRIVATE_KEY: key }, files({ tenants: [tenant] })).server.org?.privateKey.asymmetricKeyType).toBe('rsa');
    });
  });

  test('the DocuSign call timeout and the per-caller limit are configurable, and checked', () => {
    const env = configFromEnv({ SIGNBRIDGE_DOCUSIGN_TIMEOUT_MS: '15000', SIGNBRIDGE_RATE_LIMIT_PER_MINUTE: '30' }, defaults);
    expect(env.server.docusignTimeoutMs).toBe(15_000);
    expect(env.server.rateLimitPerMinute).toBe(30);
    expect(configFromEnv({}, defaults).server.docusignTimeoutMs).toBe(60_000);
    expect(() => configFromEnv({ SIGNBRIDGE_DOCUSIGN_TIMEOUT_MS: '0' }, defaults)).toThrow(/SIGNBRIDGE_DOCUSIGN_TIMEOUT_MS/);
  });
});
