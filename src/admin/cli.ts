/**
 * `npm run admin -- <command>`: the admin operations on the command line. Plain words by default,
 * `--json` for scripts (events: JSON lines for a SIEM); exit 0 when all is well, 1 when something is
 * wrong, 2 for bad usage. Every line printed passes through `redact`.
 */
import { checkConnection } from './check.ts';
import { consentUrls } from './consent.ts';
import { fetchMonitor, fetchUsers } from './events.ts';
import { checkText, consentText, goLiveText, table } from './format.ts';
import { runGoLive, type SendThroughServer } from './golive.ts';
import { parsePrivateKey, privateKeyPemOf, publicKeyPem } from './jwt.ts';
import { redact } from './redact.ts';
import { resetToken } from './token-cache.ts';
import type { AdminDeps, AdminTenant } from './types.ts';
import type { Environment } from './environment.ts';

export const HELP = `Usage: npm run admin -- <command> [options]

Commands:
  tenants                      List the tenants in the tenants file.
  consent-urls --tenant <id>   The tenant's consent URLs: organization-wide admin consent, and the
                               system user's own consent.
  check --tenant <id>          Check the tenant's DocuSign connection step by step; a failed step
                               says its cause and its fix.
  reset-token --tenant <id>    Drop the tenant's cached DocuSign token on every server instance.
  events --tenant <id> [--type monitor|users] [--limit <n>] [--since <ISO date-time|cursor>]
                               DocuSign Monitor events since the last fetch (--limit 1-2000), or the
                               next page of the Admin API users of the organization (--type users,
                               --limit 1-250). Both continue where the last fetch stopped (kept per
                               tenant).
  go-live --tenant <id>        Make 20 sends against DocuSign's developer environment and report what
                               DocuSign's go-live review looks for. Refuses production.
  public-key                   The public half of SignBridge's RSA key, to add in Apps and Keys.
  help                         This text.

Options:
  --json                       Machine-readable output (events: one JSON object per line).

Exit status: 0 all is well; 1 something is wrong (a failed step, a failed go-live, DocuSign refused);
2 bad usage (unknown command, tenant or option). Configuration: the server's variables
(SIGNBRIDGE_TENANTS, DOCUSIGN_JWT_CLIENT_ID, DOCUSIGN_PRIVATE_KEY_FILE, SIGNBRIDGE_DATABASE, ...).`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  tenants: readonly AdminTenant[];
  deps: AdminDeps;
  sendThroughServer(env: Environment): SendThroughServer;
}

const COMMANDS = ['tenants', 'consent-urls', 'check', 'reset-token', 'events', 'go-live', 'public-key', 'help'] as const;
type Command = (typeof COMMANDS)[number];
const VALUE_FLAGS = new Set(['--tenant', '--type', '--limit', '--since']);
const BOOLEAN_FLAGS = new Set(['--json']);

type Parsed = { command: Command; flags: Map<string, string>; json: boolean } | { usage: string };

export function parseArgs(argv: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') return { command: 'help', flags: new Map(), json: false };
  if (!(COMMANDS as readonly string[]).includes(command)) return { usage: `Unknown command "${command.slice(0, 40)}".` };
  const flags = new Map<string, string>();
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (BOOLEAN_FLAGS.has(arg)) {
      json = true;
    } else if (VALUE_FLAGS.has(arg)) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) return { usage: `${arg} needs a value.` };
      flags.set(arg, value);
      i += 1;
    } else {
      return { usage: `Unknown option "${arg.slice(0, 40)}".` };
    }
  }
  return { command: command as Command, flags, json };
}

export async function runCli(argv: readonly string[], io: CliIo, load: () => Promise<CliContext | string>): Promise<number> {
  let secrets: string[] = [];
  const out = (text: string) => io.out(redact(text, secrets));
  const err = (text: string) => io.err(redact(text, secrets));
  const parsed = parseArgs(argv);
  if ('usage' in parsed) {
    err(`${parsed.usage}\n\n${HELP}`);
    return 2;
  }
  const { command, flags, json } = parsed;
  if (command === 'help') {
    out(HELP);
    return 0;
  }
  const context = await load();
  if (typeof context === 'string') {
    err(context);
    return 2;
  }
  const { deps } = context;
  const pem = privateKeyPemOf(deps.jwt.privateKey);
  secrets = [pem, ...pem.split('\n').filter((l) => l.length >= 32)];
  const print = (value: unknown, text: string) => out(json ? JSON.stringify(value, null, 2) : text);
  const fail = (code: string, message: string, status = 1) => {
    err(json ? JSON.stringify({ error: { code, message } }) : message);
    return status;
  };

  if (command === 'tenants') {
    print(context.tenants.map(({ id, name, environment, accountId }) => ({ id, name, environment, accountId })), table(context.tenants as unknown as Record<string, unknown>[], ['id', 'name', 'environment', 'accountId']));
    return 0;
  }
  if (command === 'public-key') {
    const key = parsePrivateKey(deps.jwt.privateKey);
    if ('problem' in key) return fail('private_key_invalid', key.problem);
    print({ fingerprint: key.fingerprint, publicKeyPem: publicKeyPem(key) }, `SHA-256 fingerprint ${key.fingerprint}\n${publicKeyPem(key)}`);
    return 0;
  }
  const id = flags.get('--tenant');
  if (id === undefined) return fail('tenant_required', `${command} needs --tenant <id> (one of: ${context.tenants.map((t) => t.id).join(', ')}).`, 2);
  const tenant = context.tenants.find((t) => t.id === id);
  if (!tenant) return fail('unknown_tenant', `There is no tenant "${id.slice(0, 64)}" (known: ${context.tenants.map((t) => t.id).join(', ') || 'none'}).`, 2);
  const env = deps.environment(tenant);

  switch (command) {
    case 'consent-urls': {
      if (!env) return fail('unknown_environment', `Tenant ${tenant.id} names an unknown environment "${tenant.environment}".`);
      const urls = consentUrls(env, deps.jwt.clientId, deps.consentRedirectUri);
      print({ tenant: tenant.id, ...urls }, consentText(tenant, urls));
      return 0;
    }
    case 'check': {
      const report = await checkConnection(tenant, deps);
      print(report, checkText(report));
      return report.ok ? 0 : 1;
    }
    case 'reset-token': {
      const { generation } = await resetToken(deps.state, tenant.id);
      print({ tenant: tenant.id, generation }, `The cached DocuSign token of ${tenant.name} is dropped on every server instance; the next send requests a new one.`);
      return 0;
    }
    case 'events':
      return events(tenant, deps, flags, json, out, fail);
    case 'go-live': {
      if (!env) return fail('unknown_environment', `Tenant ${tenant.id} names an unknown environment "${tenant.environment}".`);
      const result = await runGoLive(tenant, deps, { sendThroughServer: context.sendThroughServer(env) });
      if (!result.ok) return fail(result.code, result.message, result.code === 'production_refused' ? 2 : 1);
      print(result.value, goLiveText(result.value));
      return result.value.passed ? 0 : 1;
    }
  }
}

async function events(
  tenant: AdminTenant,
  deps: AdminDeps,
  flags: Map<string, string>,
  json: boolean,
  out: (text: string) => void,
  fail: (code: string, message: string, status?: number) => number,
): Promise<number> {
  const type = flags.get('--type') ?? 'monitor';
  if (type !== 'monitor' && type !== 'users') return fail('bad_type', '--type must be monitor or users.', 2);
  const rawLimit = flags.get('--limit');
  const limit = rawLimit === undefined ? undefined : /^\d{1,5}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  const since = flags.get('--since');
  const lines = (rows: readonly Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).join('\n');
  if (type === 'users') {
    if (since !== undefined) return fail('bad_option', '--since applies to Monitor events only.', 2);
    const result = await fetchUsers(tenant, deps, limit !== undefined ? { limit } : {});
    if (!result.ok) return fail(result.code, result.message, result.code === 'bad_limit' ? 2 : 1);
    const page = result.value;
    if (json) {
      if (page.users.length > 0) out(lines(page.users));
    } else {
      const from = `users ${page.start + 1}–${page.start + page.users.length}`;
      const then = page.next === undefined ? 'That was the last page; the next fetch starts again from the first user.' : `The next fetch continues with user ${page.next + 1}.`;
      out(`${page.users.length} user(s) of organization ${page.organizationId} in account ${tenant.accountId} (${from}):\n${table(page.users, ['id', 'email', 'user_name', 'membership_status'])}\n${then}`);
    }
    await page.commit();
    return 0;
  }
  const result = await fetchMonitor(tenant, deps, { ...(limit !== undefined ? { limit } : {}), ...(since !== undefined ? { since } : {}) });
  if (!result.ok) return fail(result.code, result.message, result.code === 'bad_limit' || result.code === 'bad_cursor' ? 2 : 1);
  const page = result.value;
  if (json) {
    if (page.events.length > 0) out(lines(page.events));
  } else {
    out(`${page.events.length} Monitor event(s) for ${tenant.name}${page.from ? ` since cursor ${page.from}` : ''}:\n${table(page.events, ['timestamp', 'object', 'action', 'result', 'userId', 'accountId'])}\nNext fetch continues after ${page.endCursor}.`);
  }
  // Only once the events are out: a failed write re-reads the same page next time.
  await page.commit();
  return 0;
}
