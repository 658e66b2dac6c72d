/**
 * `npm run admin -- <command>`: reads the server's own configuration from the environment (config.ts:
 * the tenants file, the JWT key), opens the server's store (so cursors and token resets are shared with
 * the running server) and runs the command (src/admin/cli.ts). Against the simulator without a tenants
 * file it administers `npm start`'s demo organizations (demo key in data/, simulator on
 * SIGNBRIDGE_SIM_PORT, identity provider on SIGNBRIDGE_IDP_PORT). The only file of the admin command
 * line that reads the environment.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from '../admin/cli.ts';
import { serverSend } from '../admin/server-send.ts';
import { adminPageDeps } from '../server/admin/wiring.ts';
import { ConfigError, configFromEnv } from '../server/config.ts';
import type { OrgConfig } from '../server/org-config.ts';
import { openStore } from '../server/db/open.ts';
import { demoPrivateKey, demoTenants } from './demo/org.ts';
import pkg from '../../package.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '../..');
const env = process.env;

const code = await runCli(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }, () => {
  let config;
  try {
    config = configFromEnv(env, { version: pkg.version, databasePath: join(ROOT, 'data/signbridge.sqlite'), readFile: (path) => readFileSync(path, 'utf8') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return Promise.resolve(`${error.message} (see README.md, "Administering SignBridge")`);
  }
  const simulator = `http://127.0.0.1:${config.simulatorPort}`;
  const { publicUrl } = config.server;
  let org: OrgConfig | undefined = config.server.org;
  if (org === undefined && config.useSimulator) {
    org = {
      tenants: demoTenants(`http://${config.host}:${env['SIGNBRIDGE_IDP_PORT'] || '8789'}`),
      jwtClientId: '9c7e1b4a-3f2d-4a8e-b6c5-1e0d9f8a7b62',
      privateKey: demoPrivateKey(join(dirname(config.databasePath), 'demo-jwt-private-key.pem')),
      accountServers: { developer: simulator, production: simulator },
      consentRedirectUri: `${publicUrl}/admin/consent/callback`,
      sessionTtlSeconds: 3600,
    };
  }
  if (org === undefined) return Promise.resolve('SIGNBRIDGE_TENANTS is not set: point it at the tenants file (see README.md, "Administering SignBridge").');
  // An account server left empty means "the simulator beside the server".
  const accountServers = { developer: org.accountServers.developer || simulator, production: org.accountServers.production || simulator };
  const store = openStore(config.databasePath);
  const { ops } = adminPageDeps({ ...org, accountServers }, { store, fetch: (input, init) => fetch(input, init), now: Date.now, publicUrl });
  return Promise.resolve({ tenants: org.tenants, deps: ops, sendThroughServer: (e) => serverSend(e, publicUrl) });
});
process.exitCode = code;
