/**
 * `npm run admin -- <command>`: reads the server's configuration from the environment, opens the
 * server's store (so cursors and token resets are shared with the running server) and runs the
 * command (src/admin/cli.ts). The only file of the admin command line that reads the environment.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from '../admin/cli.ts';
import { adminConfigFromEnv, environmentOf } from '../admin/config.ts';
import { serverSend } from '../admin/server-send.ts';
import { sqliteAdminState } from '../admin/sqlite-state.ts';

const ROOT = join(import.meta.dirname, '../..');

const code = await runCli(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }, () => {
  const config = adminConfigFromEnv(process.env, { databasePath: join(ROOT, 'data/signbridge.sqlite') });
  if (typeof config === 'string') return Promise.resolve(`${config} (see README.md, "Administering SignBridge")`);
  if (config.databasePath !== ':memory:') mkdirSync(dirname(config.databasePath), { recursive: true });
  const db = new Database(config.databasePath);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  return Promise.resolve({
    tenants: config.tenants,
    deps: {
      fetch: (input, init) => fetch(input, init),
      now: Date.now,
      state: sqliteAdminState(db),
      environment: (tenant) => environmentOf(config, tenant),
      jwt: { clientId: config.jwtClientId, privateKeyPem: config.privateKeyPem },
      consentRedirectUri: `${config.publicUrl}/admin/consent/callback`,
    },
    sendThroughServer: (env) => serverSend(env, config.publicUrl),
  });
});
process.exitCode = code;
