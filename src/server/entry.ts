/**
 * What the two entry points (`npm run server` → main.ts, `npm start` → tools/start.ts) share: read the
 * configuration from the environment they are given, explain a bad setting and exit, or start the server.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startIdp, type RunningIdp } from '../idp/index.ts';
import { setUpDemoOrg } from '../tools/demo/org.ts';
import { ConfigError, configFromEnv, port, type Env } from './config.ts';
import { parseConnectKeys, type ConnectKeys } from './connect-keys.ts';
import { createLogger } from './log.ts';
import { startServer, type RunningServer } from './serve.ts';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '../..');

export interface Started extends RunningServer {
  /** The demo identity provider, when the demo organizations run. */
  idp: RunningIdp | undefined;
}

export interface StartOptions {
  /**
   * Against the in-process simulator and without a tenants file, start the demo identity provider
   * (`SIGNBRIDGE_IDP_PORT`, default 8789) and set up the demo organizations (`npm start`).
   */
  demoOrg?: boolean;
  /**
   * Whether a missing DOCUSIGN_ACCOUNT_SERVER means "run against the simulator" (`npm start`, the demo)
   * or is an error unless SIGNBRIDGE_SIMULATOR=1 says so (`npm run server`, the production entry: a
   * missing or misspelt variable must not quietly put a fake DocuSign behind real users).
   */
  simulator?: 'by-default' | 'only-if-asked';
}

export async function startFromEnvironment(env: Env, command: string, options: StartOptions = {}): Promise<Started> {
  let config;
  try {
    config = configFromEnv(env, { version: pkg.version, databasePath: join(ROOT, 'data/signbridge.sqlite'), readFile: (path) => readFileSync(path, 'utf8') });
    if (config.useSimulator && options.simulator === 'only-if-asked' && env['SIGNBRIDGE_SIMULATOR'] !== '1') {
      throw new ConfigError(
        'DOCUSIGN_ACCOUNT_SERVER is not set. Set it to https://account-d.docusign.com (developer) or https://account.docusign.com (production), with DOCUSIGN_CLIENT_ID; or set SIGNBRIDGE_SIMULATOR=1 to run against the local DocuSign simulator',
      );
    }
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${command}: ${error.message} (see README.md, "Configuration")`);
    process.exit(2);
  }
  let idp: RunningIdp | undefined;
  const demo = options.demoOrg === true && config.useSimulator && config.server.org === undefined;
  const { databasePath } = config;
  const connect = readConnectKeys(config.connectKeysFile, command);
  const running = await startServer({
    config: { ...config.server, ...(connect !== undefined ? { connect: { keys: connect, events: config.connectEvents } } : {}) },
    connectEvents: config.connectEvents,
    host: config.host,
    port: config.port,
    databasePath,
    log: createLogger({ level: config.logLevel }),
    simulatorPort: config.simulatorPort,
    ...(config.metrics !== undefined ? { metrics: config.metrics } : {}),
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
            idp = await startIdp({ port: idpPort, host: config.host, redirectUris: [`${publicUrl}/oidc/callback`, `${publicUrl}/admin/oidc/callback`] });
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
  // SIGTERM (systemd, Kubernetes, a rolling restart): drain and let sends finish (shutdown.ts), exit 0.
  // A second signal while that runs stops at once.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      void running
        .shutdown(config.shutdownGraceMs)
        .then(() => idp?.close())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            console.error(`${command}: shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(1);
          },
        );
    });
  }
  return started;
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
