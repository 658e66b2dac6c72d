/** Test helpers for the admin operations: a simulator with SignBridge's JWT key registered and consented, and a tenant on it. */
import { generateKeyPairSync } from 'node:crypto';
import { createSim, type Sim } from '../sim/index.ts';
import { simulatorEnvironment } from './environment.ts';
import { memoryAdminState, type AdminState } from './state.ts';
import type { AdminDeps, AdminTenant } from './types.ts';

export const SIM_ORIGIN = 'http://127.0.0.1:8788';
export const JWT_CLIENT_ID = '9c7e1b4a-3f2d-4a8e-b6c5-1e0d9f8a7b62';
export const SYSTEM_USER = 'c3d2e0a4-6d9f-4e3b-9a5c-8f4d7b0e2c33';
export const ADAMS_ACCOUNT = 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55';
export const ADAMS_ORG = 'f6a5b3d7-9a2c-4b6e-8d8f-1c7a0e3b5f66';
export const CONSENT_REDIRECT = 'http://127.0.0.1:8787/admin/consent/callback';

export const ADAMS: AdminTenant = {
  id: 'adams',
  name: 'Adams Consulting',
  environment: 'developer',
  accountId: ADAMS_ACCOUNT,
  systemUserId: SYSTEM_USER,
  adminGroup: 'signbridge-admins',
};

let pair: { privatePem: string; publicPem: string } | undefined;
/** One RSA pair per test process (generating one costs a noticeable fraction of a second). */
export function demoKeyPair(): { privatePem: string; publicPem: string } {
  if (!pair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pair = {
      privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  return pair;
}

/** A simulator on the wall clock (the check compares clocks), with the key registered and consent given. */
export function adminSim(options: { consent?: boolean } = {}): Sim {
  const sim = createSim({ origin: SIM_ORIGIN });
  sim.control.addRsaPublicKey(JWT_CLIENT_ID, demoKeyPair().publicPem);
  if (options.consent !== false) sim.control.grantConsent(SYSTEM_USER, JWT_CLIENT_ID, ['signature', 'impersonation']);
  return sim;
}

export function adminDeps(sim: Sim, overrides: Partial<AdminDeps> = {}, state: AdminState = memoryAdminState()): AdminDeps {
  return {
    fetch: sim.fetch,
    now: Date.now,
    state,
    environment: (t) => (t.environment === 'developer' ? simulatorEnvironment(SIM_ORIGIN) : t.environment === 'production' ? { ...simulatorEnvironment(SIM_ORIGIN), name: 'production', simulator: false } : undefined),
    jwt: { clientId: JWT_CLIENT_ID, privateKey: demoKeyPair().privatePem },
    consentRedirectUri: CONSENT_REDIRECT,
    ...overrides,
  };
}
