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

/**
 * `simulator`: whether a missing DOCUSIGN_ACCOUNT_SERVER means "run against the simulator" (`npm start`,
 * the demo) or is an error unless SIGNBRIDGE_SIMULATOR=1 says so (`npm run server`, the production
 * entry: a missing or misspelt variable must not quietly put a fake DocuSign behind real users).
 */
export async function startFromEnvironment(env: Env, command: string, simulator: 'by-default' | 'only-if-asked' = 'by-default'): Promise<RunningServer> {
  let config;
  try {
    config = configFromEnv(env, { version: pkg.version, databasePath: join(ROOT, 'data/signbridge.sqlite') });
    if (config.useSimulator && simulator === 'only-if-asked' && env['SIGNBRIDGE_SIMULATOR'] !== '1') {
      throw new ConfigError(
        'DOCUSIGN_ACCOUNT_SERVER is not set. Set it to https://account-d.docusign.com (developer) or https://account.docusign.com (production), with DOCUSIGN_CLIENT_ID; or set SIGNBRIDGE_SIMULATOR=1 to run against the local DocuSign simulator',
      );
    }
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
