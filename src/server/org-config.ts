/** Configuration of organization sending: the tenants, the JWT integration key and its RSA private key. */
import type { KeyObject } from 'node:crypto';
import type { Environment, Tenant } from './tenants.ts';

export interface OrgConfig {
  tenants: Tenant[];
  /** The integration key used for the JWT grant (env DOCUSIGN_JWT_CLIENT_ID). */
  jwtClientId: string;
  /** Never logged, never stored: a KeyObject prints and serializes without its material. */
  privateKey: KeyObject;
  /** The account server of each environment (the simulator's for `developer` when running against it). */
  accountServers: Record<Environment, string>;
  /** Where DocuSign returns the administrator after consent: this server's `/admin/consent/callback`. */
  consentRedirectUri: string;
  /** Member session lifetime (env SIGNBRIDGE_SESSION_TTL_SECONDS, default 3600). */
  sessionTtlSeconds: number;
}
