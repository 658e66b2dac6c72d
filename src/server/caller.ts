/**
 * Who is calling, decided once per request by the `authenticate` middleware (authenticate.ts, like the
 * simulator's `esignAuth`) and read by routes as `c.get('caller')`:
 *
 * - a linked DocuSign login: `Authorization: Bearer <DocuSign access token>`, checked with /oauth/userinfo;
 * - an organization member: `Authorization: Bearer sbs_…`, a SignBridge session made from a verified ID token.
 *
 * Every caller lives in a tenant, and the store keys everything by (tenant, principal). Linked logins
 * share the null tenant `LINKED_TENANT` (their principal is the DocuSign user id, a GUID unique across
 * DocuSign's environments); a member's tenant is its organization's tenant id, its principal the
 * identity provider's `sub`.
 */
import { ErrorCodes } from '../shared/errors.ts';
import type { UserInfo } from './docusign.ts';
import { ApiError } from './http-error.ts';
import { bearerToken, type Identity } from './identity.ts';

/** The tenant of linked DocuSign logins (not an organization). */
export const LINKED_TENANT = '';

/** Prefix of SignBridge member session tokens. */
export const SESSION_PREFIX = 'sbs_';

export interface Member {
  /** The identity provider's subject. */
  sub: string;
  email: string;
  name: string;
  /** The identity provider's `groups` claim at sign-in (tenant administrators, issue 10). */
  groups: string[];
}

export type Caller =
  | { kind: 'linked'; tenant: typeof LINKED_TENANT; principal: string; token: string; user: UserInfo }
  | { kind: 'member'; tenant: string; principal: string; member: Member; sessionId: string };

/** Turns a member session token into its caller (throws ApiError 401 `session_expired` when it is not live). */
export type MemberSessions = (token: string) => Promise<Extract<Caller, { kind: 'member' }>>;

export interface AuthenticateDeps {
  identity: Identity;
  /** Absent when no organization is configured: then `sbs_` tokens are refused like any unknown token. */
  members?: MemberSessions | undefined;
}

export async function callerFor(deps: AuthenticateDeps, header: string | undefined): Promise<Caller> {
  const token = bearerToken(header);
  if (token.startsWith(SESSION_PREFIX)) {
    // Never forwarded to DocuSign: a session token is ours alone.
    if (deps.members === undefined) throw new ApiError(401, ErrorCodes.SESSION_EXPIRED, 'Sign in with your organization again.');
    return deps.members(token);
  }
  const user = await deps.identity.identify(token);
  return { kind: 'linked', tenant: LINKED_TENANT, principal: user.sub, token, user };
}
