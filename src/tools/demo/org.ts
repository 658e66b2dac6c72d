/**
 * The demo organizations on the simulator, as their administrators would set them up: SignBridge's RSA
 * key pair (generated once, kept in the data directory, never in git) registered on the simulator's JWT
 * integration key, consent granted for both system users, and two tenants signing in at the demo
 * identity provider: Adams Consulting (the existing US account, "SignBridge System") and Northwind
 * Traders (its own account on eu1 and system user).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEMO_CLIENTS } from '../../idp/members.ts';
import { SIM_JWT_CLIENT_ID } from '../../server/config.ts';
import type { OrgConfig } from '../../server/org-config.ts';
import type { Tenant } from '../../server/tenants.ts';
import type { SimControl } from '../../sim/index.ts';

export const DEMO_TENANT_ACCOUNTS = {
  adams: { accountId: 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55', systemUserId: 'c3d2e0a4-6d9f-4e3b-9a5c-8f4d7b0e2c33' },
  northwind: { accountId: '3a9e7d1b-5c2f-4e8a-9b6d-4f0c8a2e6d99', systemUserId: 'e5f4a2c6-9b1d-4e7f-8c3a-0d6b9e2f4a55' },
} as const;

export function demoTenants(issuer: string): Tenant[] {
  return [
    {
      id: 'adams',
      name: 'Adams Consulting',
      environment: 'developer',
      ...DEMO_TENANT_ACCOUNTS.adams,
      identityProvider: { issuer, clientId: DEMO_CLIENTS.adams, name: 'Adams Consulting' },
      emailDomains: ['adams.example'],
      organizationSending: true,
      adminGroup: 'signbridge-admins',
    },
    {
      id: 'northwind',
      name: 'Northwind Traders',
      environment: 'developer',
      ...DEMO_TENANT_ACCOUNTS.northwind,
      identityProvider: { issuer, clientId: DEMO_CLIENTS.northwind, name: 'Northwind Traders' },
      emailDomains: ['northwind.example'],
      organizationSending: true,
    },
  ];
}

let generated: KeyObject | undefined;

/** The demo private key: read from `path`, or generated there (mode 0600) on first start; in memory without a path. */
export function demoPrivateKey(path?: string): KeyObject {
  if (path !== undefined && existsSync(path)) return createPrivateKey(readFileSync(path, 'utf8'));
  if (path === undefined && generated !== undefined) return generated;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (path === undefined) {
    generated = privateKey;
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return privateKey;
}

export interface DemoOrgInput {
  sim: SimControl;
  simOrigin: string;
  issuer: string;
  publicUrl: string;
  /** Where the demo key lives (npm start: the data directory); in memory when left out. */
  keyPath?: string;
  sessionTtlSeconds?: number;
}

export function setUpDemoOrg(input: DemoOrgInput): OrgConfig {
  const privateKey = demoPrivateKey(input.keyPath);
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  // What each administrator does in DocuSign: add the public key to the integration key, grant consent.
  input.sim.addRsaPublicKey(SIM_JWT_CLIENT_ID, publicPem);
  const consentRedirectUri = `${input.publicUrl}/admin/consent/callback`;
  input.sim.registerRedirectUri(SIM_JWT_CLIENT_ID, consentRedirectUri);
  for (const tenant of Object.values(DEMO_TENANT_ACCOUNTS)) input.sim.grantConsent(tenant.systemUserId, SIM_JWT_CLIENT_ID, ['signature', 'impersonation']);
  return {
    tenants: demoTenants(input.issuer),
    jwtClientId: SIM_JWT_CLIENT_ID,
    privateKey,
    accountServers: { developer: input.simOrigin, production: input.simOrigin },
    consentRedirectUri,
    sessionTtlSeconds: input.sessionTtlSeconds ?? 3600,
  };
}
