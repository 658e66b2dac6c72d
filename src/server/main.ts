/**
 * The only file of the server that reads the environment. Defaults are embedded so that `npm run server`
 * works on a fresh machine (against the DocuSign simulator); see the README for every variable.
 */
import { join } from 'node:path';
import { ConfigError, configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import { startServer } from './serve.ts';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '../..');

let env;
try {
  env = configFromEnv(process.env, { version: pkg.version, databasePath: join(ROOT, 'data/signbridge.sqlite') });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`signbridge server: ${error.message} (see README.md, "Configuration")`);
  process.exit(2);
}
const log = createLogger({ level: env.logLevel });

const running = await startServer({
  config: env.server,
  host: env.host,
  port: env.port,
  databasePath: env.databasePath,
  log,
  simulatorPort: env.simulatorPort,
});
if (running.simulator !== undefined) {
  console.log(`SignBridge server on ${running.url}, against the DocuSign simulator on ${running.simulator.origin} (demo logins: alice@example.com / alice-demo, bob@example.com / bob-demo)`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void running.close().then(() => process.exit(0)));
}
