/**
 * What the two entry points (`npm run server` → main.ts, `npm start` → tools/start.ts) share: read the
 * configuration from the environment they are given, explain a bad setting and exit, or start the server.
 */
import { join } from 'node:path';
import { ConfigError, configFromEnv, type Env } from './config.ts';
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
  const running = await startServer({
    config: config.server,
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
