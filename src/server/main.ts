/**
 * The only file of the server that reads the environment and listens. Defaults are embedded so that
 * `npm start` works on a fresh machine; see the README for every variable.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { createLogger, type Level } from './log.ts';
import pkg from '../../package.json' with { type: 'json' };

const env = process.env;
const host = env['SIGNBRIDGE_HOST'] ?? '127.0.0.1';
const port = Number(env['SIGNBRIDGE_PORT'] ?? 8787);
const log = createLogger({ level: (env['SIGNBRIDGE_LOG_LEVEL'] as Level | undefined) ?? 'info' });

const app = createApp({
  config: { publicUrl: env['SIGNBRIDGE_PUBLIC_URL'] ?? `http://${host}:${port}`, version: pkg.version },
  log,
});

const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  log.info('listening', { url: `http://${info.address}:${info.port}` });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
