/**
 * The admin command line against the simulator: plain words and --json, exit codes, bad input that
 * changes nothing, and no private key, token or assertion in any output (errors included).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openStore } from '../server/db/open.ts';
import type { Sim } from '../sim/index.ts';
import { HELP, runCli, type CliContext } from './cli.ts';
import { simulatorEnvironment } from './environment.ts';
import { serverSend } from './server-send.ts';
import { memoryAdminState, type AdminState } from './state.ts';
import { ADAMS, ADAMS_ACCOUNT, adminDeps, adminSim, demoKeyPair, JWT_CLIENT_ID, SIM_ORIGIN, SYSTEM_USER } from './test-kit.ts';

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Every assertion the command line sent to the token endpoint, caught on the way out. */
function world(sim: Sim, state: AdminState = memoryAdminState()) {
  const assertions: string[] = [];
  const fetch: typeof sim.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.url.endsWith('/oauth/token')) assertions.push(new URLSearchParams(await request.clone().text()).get('assertion') ?? '');
    return sim.fetch(request);
  };
  const context: CliContext = {
    tenants: [ADAMS, { ...ADAMS, id: 'northwind', name: 'Northwind Traders', environment: 'production' }],
    deps: adminDeps(sim, { fetch }, state),
    sendThroughServer: () => serverSend(simulatorEnvironment(SIM_ORIGIN), 'http://127.0.0.1:8787'),
  };
  const outputs: string[] = [];
  const run = async (...argv: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, () => Promise.resolve(context));
    outputs.push(...out, ...err);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { run, assertions, outputs, state };
}

/** Which of `secrets` (by label) show up in `text`: whole, or any 24-character piece of one. */
export function leaks(text: string, secrets: Readonly<Record<string, string>>): string[] {
  return Object.keys(secrets).filter((label) => {
    const s = secrets[label] ?? '';
    const body = s.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    for (let i = 0; i + 24 <= body.length; i += 12) if (text.replace(/\s+/g, '').includes(body.slice(i, i + 24))) return true;
    return false;
  });
}

describe('npm run admin', () => {
  test('check: plain words and exit 0 for a healthy tenant; --json is the report', async () => {
    const { run } = world(adminSim());
    const plain = await run('check', '--tenant', 'adams');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/^Connection check for Adams Consulting \(adams\)/);
    expect(plain.out).toContain('PASS  JWT token');
    expect(plain.out).toContain('All steps passed.');
    const json = await run('check', '--tenant', 'adams', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, tenant: { id: 'adams' } });
  });

  test('check names the cause and the fix, exit 1', async () => {
    const sim = adminSim();
    sim.control.revokeConsent(SYSTEM_USER, JWT_CLIENT_ID);
    const { run } = world(sim);
    const result = await run('check', '--tenant', 'adams');
    expect(result.code).toBe(1);
    expect(result.out).toContain('FAIL  JWT token');
    expect(result.out).toContain('cause: consent_required');
    expect(result.out).toMatch(/fix: {3}A DocuSign administrator opens the admin consent URL/);
  });

  test('consent-urls, reset-token, events as JSON lines continuing where the last stopped', async () => {
    const { run, state } = world(adminSim());
    const urls = JSON.parse((await run('consent-urls', '--tenant', 'adams', '--json')).out) as Record<string, string>;
    expect(urls['admin']).toBe(`${SIM_ORIGIN}/oauth/auth?response_type=code&client_id=${JWT_CLIENT_ID}&redirect_uri=http%3A%2F%2F127.0.0.1%3A8787%2Fadmin%2Fconsent%2Fcallback&scope=openid&admin_consent_scope=signature%20impersonation`);
    expect((await run('reset-token', '--tenant', 'adams')).code).toBe(0);
    expect(await state.tokenGeneration('adams')).toBe(1);
    const first = (await run('events', '--tenant', 'adams', '--limit', '2000', '--json')).out.split('\n');
    const second = (await run('events', '--tenant', 'adams', '--limit', '2000', '--json')).out.split('\n');
    expect(first).toHaveLength(2000);
    expect(second).toHaveLength(500);
    const ids = [...first, ...second].map((l) => (JSON.parse(l) as { eventId: string }).eventId);
    expect(new Set(ids).size).toBe(2500);
    const table = await run('events', '--tenant', 'adams');
    expect(table.out).toMatch(/^0 Monitor event\(s\) for Adams Consulting since cursor aa_/);
  });

  test('events --type users: two invocations on one store page through the users, no duplicate and no gap', async () => {
    const sim = adminSim();
    sim.control.grantConsent(SYSTEM_USER, JWT_CLIENT_ID, ['organization_read', 'user_read']);
    const dir = mkdtempSync(join(tmpdir(), 'sb-admin-'));
    const [a, b] = [openStore(join(dir, 'store.sqlite')), openStore(join(dir, 'store.sqlite'))];
    try {
      const ids = (out: string) => out.split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
      // Each invocation opens the store afresh, as `npm run admin` does.
      const first = await world(sim, a.admin).run('events', '--tenant', 'adams', '--type', 'users', '--limit', '30', '--json');
      const second = await world(sim, b.admin).run('events', '--tenant', 'adams', '--type', 'users', '--limit', '30', '--json');
      const all = await world(sim).run('events', '--tenant', 'adams', '--type', 'users', '--limit', '250', '--json');
      expect([first.code, second.code, all.code]).toEqual([0, 0, 0]);
      expect(ids(first.out)).toHaveLength(30);
      expect(ids(second.out)).toHaveLength(17);
      expect([...ids(first.out), ...ids(second.out)]).toEqual(ids(all.out));
      const plain = await world(sim, a.admin).run('events', '--tenant', 'adams', '--type', 'users', '--limit', '30');
      expect(plain.out).toMatch(/^30 user\(s\) of organization .* \(users 1–30\):/);
      expect(plain.out).toContain('The next fetch continues with user 31.');
    } finally {
      await a.close();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad input: usage errors exit 2 and change nothing', async () => {
    const sim = adminSim();
    const { run, state } = world(sim);
    await state.setCursor('adams', 'monitor', 'aa_639032001580800000_00000010');
    for (const argv of [['frobnicate'], ['check'], ['check', '--tenant', 'nobody'], ['check', '--tenant', 'adams', '--colour'], ['events', '--tenant', 'adams', '--limit', '2001'], ['events', '--tenant', 'adams', '--limit', '0'], ['events', '--tenant', 'adams', '--since', 'last tuesday'], ['events', '--tenant', 'adams', '--type', 'audit'], ['events', '--tenant', 'adams', '--type', 'users', '--limit', '251'], ['reset-token', '--tenant']]) {
      const result = await run(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.err, argv.join(' ')).not.toBe('');
    }
    expect(sim.control.calls()).toHaveLength(0);
    expect(await state.getCursor('adams', 'monitor')).toBe('aa_639032001580800000_00000010');
    expect(await state.tokenGeneration('adams')).toBe(0);
    const unknown = await run('check', '--tenant', 'nobody', '--json');
    expect(JSON.parse(unknown.err)).toEqual({ error: { code: 'unknown_tenant', message: 'There is no tenant "nobody" (known: adams, northwind).' } });
  });

  test('go-live passes on the simulator; production is refused', async () => {
    const { run } = world(adminSim());
    const live = await run('go-live', '--tenant', 'adams');
    expect(live.code).toBe(0);
    expect(live.out).toContain('Ready for DocuSign’s go-live review.');
    const production = await run('go-live', '--tenant', 'northwind');
    expect(production.code).toBe(2);
    expect(production.err).toMatch(/never production/);
  });

  test('no private key, token or assertion in any output, --json and errors included', async () => {
    const sim = adminSim();
    const w = world(sim);
    const { privatePem } = demoKeyPair();
    for (const argv of [
      ['tenants', '--json'], ['consent-urls', '--tenant', 'adams', '--json'], ['reset-token', '--tenant', 'adams', '--json'],
      ['check', '--tenant', 'adams'], ['check', '--tenant', 'adams', '--json'], ['events', '--tenant', 'adams', '--json', '--limit', '3'],
      ['events', '--tenant', 'adams', '--type', 'users'], ['events', '--tenant', 'adams', '--type', 'users', '--json'], ['go-live', '--tenant', 'adams', '--json'],
      ['check', '--tenant', 'nobody', '--json'], ['events', '--tenant', 'adams', '--since', 'x', '--json'],
    ]) {
      await w.run(...argv);
    }
    sim.causes.unregisterRsaKeys(JWT_CLIENT_ID);
    sim.causes.removeMember(ADAMS_ACCOUNT, SYSTEM_USER);
    await w.run('check', '--tenant', 'adams', '--json');
    await w.run('events', '--tenant', 'adams');
    await w.run('events', '--tenant', 'adams', '--json');
    await w.run('go-live', '--tenant', 'adams', '--json');
    const secrets: Record<string, string> = { 'private key': privatePem };
    sim.control.tokensIssued().forEach((t, i) => (secrets[`token ${i}`] = t));
    w.assertions.forEach((a, i) => (secrets[`assertion ${i}`] = a));
    expect(w.assertions.length).toBeGreaterThan(5);
    expect(sim.control.tokensIssued().length).toBeGreaterThanOrEqual(5);
    expect(leaks(w.outputs.join('\n'), secrets)).toEqual([]);
  });

  test('public-key prints the public half only (it shares the modulus with the private key, by design)', async () => {
    const { run } = world(adminSim());
    const result = await run('public-key');
    expect(result.out).toContain(demoKeyPair().publicPem.trim());
    expect(result.out).not.toMatch(/PRIVATE/);
  });

  test('help is the README’s', async () => {
    const { run } = world(adminSim());
    const help = await run('help');
    expect(help).toEqual({ code: 0, out: HELP, err: '' });
    expect(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')).toContain(HELP);
  });

  test('the leak finder finds a token, an assertion or a key line hidden in output', () => {
    const { privatePem } = demoKeyPair();
    const line = privatePem.split('\n')[5] ?? '';
    expect(leaks(`fix: use ${line} here`, { key: privatePem })).toEqual(['key']);
    expect(leaks('{"token":"eyJ0eXAiOiJNVCJ9.abcdefghijklmnopqrstuvwxyz012345"}', { t: 'eyJ0eXAiOiJNVCJ9.abcdefghijklmnopqrstuvwxyz012345' })).toEqual(['t']);
    expect(leaks('nothing to see', { key: privatePem })).toEqual([]);
  });
});
