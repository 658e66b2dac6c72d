/** What every admin operation works on: a tenant, SignBridge's JWT integration key, and injected I/O. */
import type { KeyObject } from 'node:crypto';
import type { Environment } from './environment.ts';
import type { AdminState } from './state.ts';

/** The part of a tenant (tenants file, CONTRACT-ORG) the admin operations read. */
export interface AdminTenant {
  id: string;
  name: string;
  environment: string;
  accountId: string;
  systemUserId: string;
  adminGroup?: string | undefined;
}

/** SignBridge's JWT integration key and its RSA private key (PEM, PKCS#1 or PKCS#8, or a KeyObject). */
export interface JwtKey {
  clientId: string;
  privateKey: string | KeyObject;
}

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface AdminDeps {
  fetch: Fetch;
  now: () => number;
  state: AdminState;
  /** The environment of a tenant, or undefined for a name that is none. */
  environment: (tenant: AdminTenant) => Environment | undefined;
  jwt: JwtKey;
  /** Where DocuSign sends the browser after consent: the server's `/admin/consent/callback`. */
  consentRedirectUri: string;
}

export interface ParsedKey {
  key: KeyObject;
  /** SHA-256 of the public half (SPKI DER), hex: how an administrator tells registered keys apart. */
  fingerprint: string;
}
