/**
 * Consent URLs for a tenant (DocuSign "Obtain consent"): the individual consent its system user gives
 * once (`scope=signature impersonation`), and the organization-wide admin consent a DocuSign
 * administrator gives for every user of the organization (`scope=openid` with
 * `admin_consent_scope=signature impersonation`, "Obtaining admin consent for external applications").
 * Both come back to the server's consent callback page, which says whether consent was given.
 */
import type { Environment } from './environment.ts';

export const JWT_SCOPES = ['signature', 'impersonation'] as const;
/** The Admin API's user list needs these on top (admin.rest.swagger-v2.1.json: `user_read`). */
export const USER_EVENT_SCOPES = ['signature', 'impersonation', 'organization_read', 'user_read'] as const;

export interface ConsentUrls {
  /** Opened by the system user, signed in to DocuSign as that user. */
  individual: string;
  /** Opened by a DocuSign administrator of the tenant's organization. */
  admin: string;
  /** Individual consent that also covers the Admin API user list (`events --type users`). */
  individualWithUsers: string;
}

// DocuSign's consent links encode spaces as %20 (its docs and the Node SDK's getJWTUri do).
const query = (params: Record<string, string>): string =>
  Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

export function consentUrls(env: Environment, clientId: string, redirectUri: string): ConsentUrls {
  const auth = `${env.accountServer}/oauth/auth`;
  const base = { response_type: 'code', client_id: clientId, redirect_uri: redirectUri };
  return {
    individual: `${auth}?${query({ ...base, scope: JWT_SCOPES.join(' ') })}`,
    admin: `${auth}?${query({ ...base, scope: 'openid', admin_consent_scope: JWT_SCOPES.join(' ') })}`,
    individualWithUsers: `${auth}?${query({ ...base, scope: USER_EVENT_SCOPES.join(' ') })}`,
  };
}
