/**
 * What the two entry points (`npm run server` → main.ts, `npm start` → tools/start.ts) share: read the
 * configuration from the environment they are given, explain a bad setting and exit, or start the server.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startIdp, type RunningIdp } from '../idp/index.ts';
import { setUpDemoOrg } from '../tools/demo/org.ts';
import { ConfigError, configFromEnv, port, type Env } from './config.ts';
import { createLogger } from './log.ts';
import { startServer, type RunningServer } from './serve.ts';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '../..');

export interface Started extends RunningServer {
  /** The demo identity provider, when the demo organizations run. */
  idp: RunningIdp | undefined;
}

/**
 * `demoOrg`: against the in-process simulator and without a tenants file, start the demo identity
 * provider (`SIGNBRIDGE_IDP_PORT`, default 8789) and set up the demo organizations (`npm start`).
 */
export async function startFromEnvironment(env: Env, command: string, options: { demoOrg?: boolean } = {}): Promise<Started> {
  let config;
  try {
    config = configFromEnv(env, { version: pkg.version, databasePath: join(ROOT, 'data/signbridge.sqlite'), readFile: (path) => readFileSync(path, 'utf8') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${command}: ${error.message} (see README.md, "Configuration")`);
    process.exit(2);
  }
  let idp: RunningIdp | undefined;
  const demo = options.demoOrg === true && config.useSimulator && config.server.org === undefined;
  const { databasePath } = config;
  const running = await startServer({
    config: config.server,
    host: config.host,
    port: config.port,
    databasePath,
    log: createLogger({ level: config.logLevel }),
    simulatorPort: config.simulatorPort,
    ...(demo
      ? {
          prepareOrg: async ({ simulator, publicUrl }) => {
            if (simulator === undefined) return undefined;
            let idpPort;
            try {
              idpPort = port(env['SIGNBRIDGE_IDP_PORT'], 8789, 'SIGNBRIDGE_IDP_PORT');
            } catch (error) {
              console.error(`${command}: ${(error as Error).message}`);
              process.exit(2);
            }
            idp = await startIdp({ port: idpPort, host: config.host, redirectUris: [`${publicUrl}/oidc/callback`] });
            return setUpDemoOrg({ sim: simulator.sim.control, simOrigin: simulator.origin, issuer: idp.issuer, publicUrl, keyPath: join(dirname(databasePath), 'demo-jwt-private-key.pem') });
          },
        }
      : {}),
  });
  const started: Started = {
    ...running,
    idp,
    close: async () => {
      await running.close();
      await idp?.close();
    },
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void started.close().then(() => process.exit(0)));
  }
  return started;
}
