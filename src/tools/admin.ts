/**
 * `npm run admin -- <command>`: reads the server's configuration from the environment, opens the
 * server's store (so cursors and token resets are shared with the running server) and runs the
 * command (src/admin/cli.ts). The only file of the admin command line that reads the environment.
 */
import { join } from 'node:path';
import { runCli } from '../admin/cli.ts';
import { adminConfigFromEnv, environmentOf } from '../admin/config.ts';
import { serverSend } from '../admin/server-send.ts';
import { openStore } from '../server/sqlite-store.ts';

const ROOT = join(import.meta.dirname, '../..');

const code = await runCli(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }, () => {
  const config = adminConfigFromEnv(process.env, { databasePath: join(ROOT, 'data/signbridge.sqlite') });
  if (typeof config === 'string') return Promise.resolve(`${config} (see README.md, "Administering SignBridge")`);
  const store = openStore(config.databasePath);
  return Promise.resolve({
    tenants: config.tenants,
    deps: {
      fetch: (input, init) => fetch(input, init),
      now: Date.now,
      state: store.admin,
      environment: (tenant) => environmentOf(config, tenant),
      jwt: { clientId: config.jwtClientId, privateKey: config.privateKeyPem },
      consentRedirectUri: `${config.publicUrl}/admin/consent/callback`,
    },
    sendThroughServer: (env) => serverSend(env, config.publicUrl),
  });
});
process.exitCode = code;
