/**
 * `npm run sim`: the DocuSign simulator on 127.0.0.1 (port from `--port`, `SIM_PORT`, default 8788).
 * Prints its URLs and the seeded logins. The only file of the simulator that reads the environment.
 */
import { loadDefaultSeed } from './seed.ts';
import { startSimServer } from './server.ts';

const argv = process.argv.slice(2);
const flag = argv.indexOf('--port');
const raw = (flag >= 0 ? argv[flag + 1] : undefined) ?? process.env['SIM_PORT'] ?? '8788';
const port = Number(raw);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`sim: invalid port '${raw}'`);
  process.exit(2);
}

const seed = loadDefaultSeed();
const server = await startSimServer({ port, host: '127.0.0.1', seed });
const { origin } = server;
const lines = [
  `DocuSign simulator listening on ${origin}`,
  `  account server   ${origin}/oauth/auth  (token: ${origin}/oauth/token, userinfo: ${origin}/oauth/userinfo)`,
  `  JWT audience     ${new URL(origin).host}`,
  `  control routes   ${origin}/_sim/...`,
  '  accounts:',
  ...seed.accounts.map((a) => `    ${a.name.padEnd(24)} ${a.accountId}  base_uri ${origin}/${a.site}`),
  '  integration keys:',
  ...seed.integrationKeys.map((k) => `    ${k.clientId}  ${k.type}${k.secret ? `  secret ${k.secret}` : ''}  (${k.name})`),
  '  logins (demo only):',
  ...seed.users.map((u) => `    ${u.email.padEnd(22)} ${u.password.padEnd(14)} ${u.name}`),
];
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.close().then(() => process.exit(0)));
}
