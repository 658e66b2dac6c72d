/** The connection check against the simulator: a healthy tenant passes every step; each injected cause is named with its fix. */
import { describe, expect, test } from 'vitest';
import { checkConnection, type CheckReport, type StepId } from './check.ts';
import { ADAMS, ADAMS_ACCOUNT, adminDeps, adminSim, JWT_CLIENT_ID, SYSTEM_USER } from './test-kit.ts';

const stepOf = (report: CheckReport, id: StepId) => report.steps.find((s) => s.id === id);
const failed = (report: CheckReport) => {
  // Every failed step names its cause and gives its one fix.
  for (const s of report.steps.filter((x) => x.status === 'failed')) expect([s.id, s.cause?.message, s.fix?.length]).toEqual([s.id, expect.any(String), expect.any(Number)]);
  return report.steps.filter((s) => s.status === 'failed').map((s) => [s.id, s.cause?.code]);
};

describe('connection check', () => {
  test('a healthy tenant passes every step', async () => {
    const sim = adminSim();
    const report = await checkConnection(ADAMS, adminDeps(sim));
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['config', 'passed'], ['clock', 'passed'], ['token', 'passed'], ['userinfo', 'passed'],
      ['membership', 'passed'], ['base_uri', 'passed'], ['esign', 'passed'], ['rate_limit', 'passed'],
    ]);
    expect(report.ok).toBe(true);
  });

  test('consent revoked: the token step names it and gives the consent URLs', async () => {
    const sim = adminSim();
    sim.control.revokeConsent(SYSTEM_USER, JWT_CLIENT_ID);
    const report = await checkConnection(ADAMS, adminDeps(sim));
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual([['token', 'consent_required']]);
    expect(stepOf(report, 'token')?.fix).toContain('admin_consent_scope=signature%20impersonation');
    expect(stepOf(report, 'userinfo')?.status).toBe('skipped');
  });

  test('wrong environment: the key is unknown there', async () => {
    const sim = adminSim();
    sim.causes.moveKeyToOtherEnvironment(JWT_CLIENT_ID, true);
    const report = await checkConnection(ADAMS, adminDeps(sim));
    expect(failed(report)).toEqual([['token', 'wrong_environment']]);
    expect(stepOf(report, 'token')?.fix).toMatch(/environment/);
  });

  test('system user removed from the account', async () => {
    const sim = adminSim();
    sim.causes.removeMember(ADAMS_ACCOUNT, SYSTEM_USER);
    const report = await checkConnection(ADAMS, adminDeps(sim));
    expect(failed(report)).toEqual([['membership', 'system_user_not_member']]);
    expect(stepOf(report, 'membership')?.fix).toContain('system@example.com');
  });

  test('unregistered key', async () => {
    const sim = adminSim();
    sim.causes.unregisterRsaKeys(JWT_CLIENT_ID);
    const report = await checkConnection(ADAMS, adminDeps(sim));
    expect(failed(report)).toEqual([['token', 'key_not_registered']]);
    expect(stepOf(report, 'token')?.fix).toMatch(/^In DocuSign Apps and Keys, add the public key .* \(npm run admin -- public-key prints it\)\.$/);
  });

  test('clock ten minutes off: named from DocuSign’s Date header, not blamed on the key', async () => {
    const sim = adminSim();
    sim.causes.offsetClock(-600_000);
    const report = await checkConnection(ADAMS, adminDeps(sim));
    expect(failed(report)).toEqual([['clock', 'clock_skew'], ['token', 'clock_skew']]);
    expect(stepOf(report, 'clock')?.detail).toMatch(/600 s ahead of DocuSign/);
    expect(stepOf(report, 'clock')?.fix).toMatch(/^Synchronise this server’s clock with NTP/);
  });

  test('rate limit nearly spent', async () => {
    const sim = adminSim();
    sim.causes.leaveHourlyCalls(ADAMS_ACCOUNT, 50);
    const report = await checkConnection(ADAMS, adminDeps(sim));
    expect(failed(report)).toEqual([['rate_limit', 'rate_limit_nearly_spent']]);
    expect(stepOf(report, 'rate_limit')?.detail).toMatch(/^The account has nearly spent its hourly API limit: 49 of 3000 calls left/);
    expect(stepOf(report, 'rate_limit')?.fix).toMatch(/wait until \d\d:\d\d UTC/);
  });

  test('an account that moved sites is a warning once, with the new base URI', async () => {
    const sim = adminSim();
    const deps = adminDeps(sim);
    expect((await checkConnection(ADAMS, deps)).ok).toBe(true);
    sim.causes.moveAccount(ADAMS_ACCOUNT, 'na4');
    const moved = await checkConnection(ADAMS, deps);
    expect(moved.ok).toBe(true);
    expect(stepOf(moved, 'base_uri')).toMatchObject({ status: 'warning', cause: { code: 'base_uri_moved' } });
    expect(stepOf(await checkConnection(ADAMS, deps), 'base_uri')?.status).toBe('passed');
  });

  test('configuration: unknown environment, malformed GUIDs, a key that is no RSA key', async () => {
    const sim = adminSim();
    const code = async (tenant: typeof ADAMS, pem?: string) => {
      const deps = adminDeps(sim, pem !== undefined ? { jwt: { clientId: JWT_CLIENT_ID, privateKey: pem } } : {});
      return failed(await checkConnection(tenant, deps));
    };
    expect(await code({ ...ADAMS, environment: 'staging' })).toEqual([['config', 'unknown_environment']]);
    expect(await code({ ...ADAMS, accountId: '123' })).toEqual([['config', 'malformed_guid']]);
    expect(await code(ADAMS, 'not a key')).toEqual([['config', 'private_key_invalid']]);
    expect(sim.control.calls().length).toBe(0);
  });
});
