/**
 * Configuration from environment variables, as a pure function of the variables (main.ts passes
 * `process.env`). Every variable is documented in README.md. Without any DocuSign variable the server
 * runs against the local DocuSign simulator.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { ServerConfig } from './app.ts';
import { DEFAULT_CONNECT_EVENTS } from './connect-config.ts';
import type { Level } from './log.ts';
import type { OrgConfig } from './org-config.ts';
import { ENVIRONMENTS, parseTenants, TenantsError, type Environment } from './tenants.ts';

/** The simulator's public (PKCE) integration key from `src/sim/seed.default.json`. */
export const SIM_CLIENT_ID = '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83';
export const DEFAULT_SCOPES = ['signature', 'extended'] as const;
/** The simulator's confidential integration key with JWT grant (`src/sim/seed.default.json`). */
export const SIM_JWT_CLIENT_ID = '9c7e1b4a-3f2d-4a8e-b6c5-1e0d9f8a7b62';

export const ACCOUNT_SERVERS: Record<Environment, string> = {
  developer: 'https://account-d.docusign.com',
  production: 'https://account.docusign.com',
};

export interface EnvConfig {
  host: string;
  port: number;
  logLevel: Level;
  /** SQLite file of the idempotency store. */
  databasePath: string;
  /** True when no DocuSign account server is configured: start the simulator in-process. */
  useSimulator: boolean;
  /** Port for the in-process simulator (0: any free port). */
  simulatorPort: number;
  /** JSON file of each DocuSign account's Connect HMAC keys (connect-keys.ts); read by entry.ts. */
  connectKeysFile: string | undefined;
  /** Connect events put on each envelope's eventNotification. */
  connectEvents: readonly string[];
  /** SIGTERM: how long sends in flight may run on before they are released to another instance. */
  shutdownGraceMs: number;
  /** `/metrics` on a listener of its own (SIGNBRIDGE_METRICS_PORT); absent: on the public listener. */
  metrics: { host: string; port: number } | undefined;
  /** Everything but `docusign.accountServer` when `useSimulator` (known only once the simulator listens). */
  server: ServerConfig;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** A positive whole number from the environment, or the default when unset. */
function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

export function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new ConfigError(`${name} must be a port number, got "${value}"`);
  return n;
}

function origin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must be an http(s) URL`);
  return url.origin;
}

/** The RSA private key for the JWT grant; its content never appears in an error. */
export function privateKeyFrom(pem: string, name: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(`${name} does not hold a readable PEM private key`);
  }
  if (key.asymmetricKeyType !== 'rsa') throw new ConfigError(`${name} must be an RSA private key (DocuSign signs JWT grants with RS256), not ${key.asymmetricKeyType ?? 'another type'}`);
  return key;
}

export interface ConfigDefaults {
  version: string;
  databasePath: string;
  /** Reads the tenants and key files (the real file system in main.ts). */
  readFile?: (path: string) => string;
}

function orgFromEnv(env: Env, defaults: ConfigDefaults, publicUrl: string, accountServer: string): OrgConfig | undefined {
  const tenantsPath = env['SIGNBRIDGE_TENANTS'];
  if (tenantsPath === undefined || tenantsPath === '') return undefined;
  const read = (path: string, name: string): string => {
    if (defaults.readFile === undefined) throw new ConfigError(`${name}: files cannot be read here`);
    try {
      return defaults.readFile(path);
    } catch {
      throw new ConfigError(`${name}: cannot read the file ${path}`);
    }
  };
  let tenants;
  try {
    tenants = parseTenants(read(tenantsPath, 'SIGNBRIDGE_TENANTS'), `SIGNBRIDGE_TENANTS (${tenantsPath})`);
  } catch (error) {
    if (error instanceof TenantsError) throw new ConfigError(error.message);
    throw error;
  }
  const simulated = accountServer === '' || !Object.values(ACCOUNT_SERVERS).includes(accountServer);
  const jwtClientId = env['DOCUSIGN_JWT_CLIENT_ID'] || (accountServer === '' ? SIM_JWT_CLIENT_ID : undefined);
  if (jwtClientId === undefined) throw new ConfigError('DOCUSIGN_JWT_CLIENT_ID is required when SIGNBRIDGE_TENANTS is set');
  const keyFile = env['DOCUSIGN_PRIVATE_KEY_FILE'];
  const keyPem = env['DOCUSIGN_PRIVATE_KEY'];
  if ((keyFile === undefined || keyFile === '') && (keyPem === undefined || keyPem === '')) {
    throw new ConfigError('DOCUSIGN_PRIVATE_KEY_FILE (or DOCUSIGN_PRIVATE_KEY) is required when SIGNBRIDGE_TENANTS is set');
  }
  const privateKey = keyFile !== undefined && keyFile !== '' ? privateKeyFrom(read(keyFile, 'DOCUSIGN_PRIVATE_KEY_FILE'), 'DOCUSIGN_PRIVATE_KEY_FILE') : privateKeyFrom(keyPem ?? '', 'DOCUSIGN_PRIVATE_KEY');
  const ttl = env['SIGNBRIDGE_SESSION_TTL_SECONDS'] || '3600';
  const sessionTtlSeconds = Number(ttl);
  if (!Number.isInteger(sessionTtlSeconds) || sessionTtlSeconds < 60 || sessionTtlSeconds > 86_400) {
    throw new ConfigError(`SIGNBRIDGE_SESSION_TTL_SECONDS must be a whole number of seconds from 60 to 86400, got "${ttl}"`);
  }
  // Against a simulator (none configured, or an account server that is not DocuSign's), every
  // environment is that simulator; '' is filled in by serve.ts once the in-process one listens.
  const accountServers = Object.fromEntries(ENVIRONMENTS.map((e) => [e, simulated ? accountServer : ACCOUNT_SERVERS[e]])) as Record<Environment, string>;
  return {
    tenants,
    jwtClientId,
    privateKey,
    accountServers,
    consentRedirectUri: env['DOCUSIGN_JWT_REDIRECT_URI'] || `${publicUrl}/admin/consent/callback`,
    sessionTtlSeconds,
  };
}

/**
 * SIGNBRIDGE_ALLOWED_HOSTS: further `Host` values the server answers for, beside its public URL's
 * (a reverse proxy that rewrites `Host` to its upstream's name). Host names with an optional port.
 */
function allowedHosts(value: string | undefined): string[] {
  const hosts = (value ?? '').split(/[\s,]+/).filter(Boolean).map((h) => h.toLowerCase());
  const bad = hosts.find((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(h));
  if (bad !== undefined) throw new ConfigError(`SIGNBRIDGE_ALLOWED_HOSTS: "${bad.slice(0, 100)}" is not a host name with an optional port, such as signbridge.internal:8787`);
  return hosts;
}

export function configFromEnv(env: Env, defaults: ConfigDefaults): EnvConfig {
  const host = env['SIGNBRIDGE_HOST'] || '127.0.0.1';
  const listenPort = port(env['SIGNBRIDGE_PORT'], 8787, 'SIGNBRIDGE_PORT');
  const publicUrl = (env['SIGNBRIDGE_PUBLIC_URL'] || `http://${host}:${listenPort}`).replace(/\/+$/, '');
  origin(publicUrl, 'SIGNBRIDGE_PUBLIC_URL');
  const level = env['SIGNBRIDGE_LOG_LEVEL'] || 'info';
  if (!LEVELS.includes(level as Level)) throw new ConfigError(`SIGNBRIDGE_LOG_LEVEL must be one of ${LEVELS.join(', ')}`);
  const accountServerEnv = env['DOCUSIGN_ACCOUNT_SERVER'];
  const useSimulator = accountServerEnv === undefined || accountServerEnv === '';
  const clientId = env['DOCUSIGN_CLIENT_ID'] || (useSimulator ? SIM_CLIENT_ID : undefined);
  if (clientId === undefined) throw new ConfigError('DOCUSIGN_CLIENT_ID is required when DOCUSIGN_ACCOUNT_SERVER is set');
  const scopes = (env['DOCUSIGN_SCOPES'] || DEFAULT_SCOPES.join(' ')).split(/[\s,]+/).filter(Boolean);
  const accountServer = useSimulator ? '' : origin(accountServerEnv, 'DOCUSIGN_ACCOUNT_SERVER');
  const org = orgFromEnv(env, defaults, publicUrl, accountServer);
  const events = env['SIGNBRIDGE_CONNECT_EVENTS'] ? env['SIGNBRIDGE_CONNECT_EVENTS'].split(/[\s,]+/).filter(Boolean) : [...DEFAULT_CONNECT_EVENTS];
  const metricsPort = env['SIGNBRIDGE_METRICS_PORT'] ? port(env['SIGNBRIDGE_METRICS_PORT'], 0, 'SIGNBRIDGE_METRICS_PORT') : undefined;
  const badEvent = events.find((e) => !/^(envelope|recipient)-[a-z]{3,40}$/.test(e));
  if (badEvent !== undefined) throw new ConfigError(`SIGNBRIDGE_CONNECT_EVENTS: "${badEvent.slice(0, 50)}" is not a Connect event such as envelope-completed`);
  return {
    host,
    port: listenPort,
    logLevel: level as Level,
    databasePath: env['SIGNBRIDGE_DATABASE'] || defaults.databasePath,
    useSimulator,
    simulatorPort: port(env['SIGNBRIDGE_SIM_PORT'], 8788, 'SIGNBRIDGE_SIM_PORT'),
    connectKeysFile: env['SIGNBRIDGE_CONNECT_KEYS_FILE'] || undefined,
    connectEvents: events,
    shutdownGraceMs: positive(env['SIGNBRIDGE_SHUTDOWN_GRACE_MS'], 20_000, 'SIGNBRIDGE_SHUTDOWN_GRACE_MS'),
    metrics: metricsPort === undefined ? undefined : { host: env['SIGNBRIDGE_METRICS_HOST'] || '127.0.0.1', port: metricsPort },
    server: {
      publicUrl,
      allowedHosts: allowedHosts(env['SIGNBRIDGE_ALLOWED_HOSTS']),
      version: defaults.version,
      docusign: {
        accountServer,
        clientId,
        scopes,
        redirectUri: env['DOCUSIGN_REDIRECT_URI'] || `${publicUrl}/oauth/callback`,
      },
      ...(org === undefined ? {} : { org }),
      // Per DocuSign call attempt: covers uploading up to 25 MB and DocuSign's answer.
      docusignTimeoutMs: positive(env['SIGNBRIDGE_DOCUSIGN_TIMEOUT_MS'], 60_000, 'SIGNBRIDGE_DOCUSIGN_TIMEOUT_MS'),
      rateLimitPerMinute: positive(env['SIGNBRIDGE_RATE_LIMIT_PER_MINUTE'], 120, 'SIGNBRIDGE_RATE_LIMIT_PER_MINUTE'),
    },
  };
}
