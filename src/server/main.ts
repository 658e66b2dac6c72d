/**
 * The only file of the server that reads the environment and listens. Defaults are embedded so that
 * `npm start` works on a fresh machine; see the README for every variable.
 */
import { serve } from '@hono/node-server';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { createLogger } from './log.ts';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '../..');
const env = configFromEnv(process.env, { version: pkg.version, databasePath: join(ROOT, 'data/signbridge.sqlite') });
const log = createLogger({ level: env.logLevel });

// Until the simulator runs in-process here, it is expected on SIGNBRIDGE_SIM_PORT (`npm run sim`).
const config = env.useSimulator
  ? { ...env.server, docusign: { ...env.server.docusign, accountServer: `http://127.0.0.1:${env.simulatorPort}` } }
  : env.server;
const app = createApp({ config, log });

const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
  log.info('listening', { address: `http://${info.address}:${info.port}` });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
