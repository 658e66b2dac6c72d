/**
 * What the two entry points (`npm run server` → main.ts, `npm start` → tools/start.ts) share: read the
 * configuration from the environment they are given, explain a bad setting and exit, or start the server.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ConfigError, configFromEnv, type Env } from './config.ts';
import { parseConnectKeys, type ConnectKeys } from './connect-keys.ts';
import { createLogger } from './log.ts';
import { startServer, type RunningServer } from './serve.ts';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '../..');

export async function startFromEnvironment(env: Env, command: string): Promise<RunningServer> {
  let config;
  try {
    config = configFromEnv(env, { version: pkg.version, databasePath: join(ROOT, 'data/signbridge.sqlite') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${command}: ${error.message} (see README.md, "Configuration")`);
    process.exit(2);
  }
  const connect = readConnectKeys(config.connectKeysFile, command);
  const running = await startServer({
    config: { ...config.server, ...(connect !== undefined ? { connect: { keys: connect, events: config.connectEvents } } : {}) },
    connectEvents: config.connectEvents,
    host: config.host,
    port: config.port,
    databasePath: config.databasePath,
    log: createLogger({ level: config.logLevel }),
    simulatorPort: config.simulatorPort,
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void running.close().then(() => process.exit(0)));
  }
  return running;
}

/** The Connect keys file, or exit explaining what is wrong with it. */
function readConnectKeys(path: string | undefined, command: string): ConnectKeys | undefined {
  if (path === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`${command}: SIGNBRIDGE_CONNECT_KEYS_FILE ${path}: ${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'}`);
    process.exit(2);
  }
  const keys = parseConnectKeys(json);
  if (!keys.ok) {
    // The message names the account and the field, never a key.
    console.error(`${command}: SIGNBRIDGE_CONNECT_KEYS_FILE ${path}: ${keys.error}`);
    process.exit(2);
  }
  return keys.value;
}
