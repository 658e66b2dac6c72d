/**
 * Configuration from environment variables, as a pure function of the variables (main.ts passes
 * `process.env`). Every variable is documented in README.md. Without any DocuSign variable the server
 * runs against the local DocuSign simulator.
 */
import type { ServerConfig } from './app.ts';
import { DEFAULT_CONNECT_EVENTS } from './connect-config.ts';
import type { Level } from './log.ts';

/** The simulator's public (PKCE) integration key from `src/sim/seed.default.json`. */
export const SIM_CLIENT_ID = '5f3a9c2e-8b1d-4e6f-a7c0-2d9e4b1f6a83';
export const DEFAULT_SCOPES = ['signature', 'extended'] as const;

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
  /** Everything but `docusign.accountServer` when `useSimulator` (known only once the simulator listens). */
  server: ServerConfig;
}

export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function port(value: string | undefined, fallback: number, name: string): number {
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

export function configFromEnv(env: Env, defaults: { version: string; databasePath: string }): EnvConfig {
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
  const events = env['SIGNBRIDGE_CONNECT_EVENTS'] ? env['SIGNBRIDGE_CONNECT_EVENTS'].split(/[\s,]+/).filter(Boolean) : [...DEFAULT_CONNECT_EVENTS];
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
    server: {
      publicUrl,
      version: defaults.version,
      docusign: {
        accountServer: useSimulator ? '' : origin(accountServerEnv, 'DOCUSIGN_ACCOUNT_SERVER'),
        clientId,
        scopes,
        redirectUri: env['DOCUSIGN_REDIRECT_URI'] || `${publicUrl}/oauth/callback`,
      },
    },
  };
}
