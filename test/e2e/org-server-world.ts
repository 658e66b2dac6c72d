/**
 * The organization world as `npm start` runs it, on free ports: the companion server (`startServer`)
 * with its DocuSign simulator, the demo identity provider (`startIdp`) and the demo organizations
 * (`setUpDemoOrg`: key registered, consent granted, Adams Consulting and Northwind Traders).
 */
import { startIdp, type RunningIdp } from '../../src/idp/index.ts';
import { configFromEnv, SIM_JWT_CLIENT_ID } from '../../src/server/config.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { startServer } from '../../src/server/serve.ts';
import { DEMO_TENANT_ACCOUNTS, setUpDemoOrg } from '../../src/tools/demo/org.ts';
import type { OrgWorld } from './org-world.ts';

export async function startOrgWorld(): Promise<OrgWorld> {
  const env = configFromEnv({}, { version: 'test', databasePath: ':memory:' });
  const log = memoryLogger('debug');
  let idp: RunningIdp | undefined;
  const running = await startServer({
    config: env.server,
    host: '127.0.0.1',
    port: 0,
    databasePath: ':memory:',
    log,
    simulatorPort: 0,
    prepareOrg: async ({ simulator, publicUrl }) => {
      if (!simulator) throw new Error('the companion server started without its simulator');
      idp = await startIdp({ port: 0, host: '127.0.0.1', redirectUris: [`${publicUrl}/oidc/callback`] });
      return setUpDemoOrg({ sim: simulator.sim.control, simOrigin: simulator.origin, issuer: idp.issuer, publicUrl });
    },
  });
  const sim = running.simulator;
  if (!sim || !idp) throw new Error('the organization world did not start');
  const provider = idp;
  return {
    origin: running.url,
    sim,
    idp: { issuer: provider.issuer },
    tenants: DEMO_TENANT_ACCOUNTS,
    logText: () => log.lines.join('\n'),
    withdrawConsent(tenant) {
      const { systemUserId } = DEMO_TENANT_ACCOUNTS[tenant];
      sim.sim.control.revokeConsent(systemUserId, SIM_JWT_CLIENT_ID);
      return Promise.resolve(() => Promise.resolve(sim.sim.control.grantConsent(systemUserId, SIM_JWT_CLIENT_ID, ['signature', 'impersonation'])));
    },
    close: async () => {
      await running.close();
      await provider.close();
    },
  };
}
