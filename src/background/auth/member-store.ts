/**
 * The storage items of the organization member sign-in, declared like the login items (store.ts):
 *
 * - `local` (durable, no secret): the membership record — which organization (tenant), who (name,
 *   email, subject), through which identity provider, and the accounts it sends from — so the menu can
 *   say "Sign in again" after the session ends or the browser restarts.
 * - `session` (memory only, trusted contexts only: never opened to content scripts): the SignBridge
 *   session token (`sbs_…`), the in-flight sign-in (PKCE verifier, state, nonce), answered states and
 *   the last notice.
 */
import * as v from 'valibot';
import { defineItem } from '../storage.ts';
import { NoticeSchema, UsedStatesSchema } from './store.ts';

const MembershipSchema = v.object({
  identityProviderId: v.string(),
  /** The company name the sign-in button showed ("Sign in with <name>"). */
  providerName: v.string(),
  tenant: v.object({ id: v.string(), name: v.string() }),
  member: v.object({ sub: v.string(), email: v.string(), name: v.string() }),
  sendAs: v.array(v.object({ accountId: v.string(), accountName: v.string(), site: v.string() })),
  signedInAt: v.number(),
  expiresAt: v.number(),
});
export type Membership = v.InferOutput<typeof MembershipSchema>;

export const membership = defineItem('local', 'member.organization', v.nullable(MembershipSchema), null);

/** `server`: the companion server that issued the session, and the only one it is ever sent to. */
const SessionSchema = v.object({ token: v.string(), tenantId: v.string(), expiresAt: v.number(), server: v.string() });
export type MemberSession = v.InferOutput<typeof SessionSchema>;

export const memberSession = defineItem('session', 'member.session', v.nullable(SessionSchema), null);

const MemberFlowSchema = v.object({
  state: v.string(),
  verifier: v.string(),
  /** OpenID Connect nonce: the ID token must carry it, and the server accepts it once. */
  nonce: v.string(),
  createdAt: v.number(),
  expiresAt: v.number(),
  tabId: v.nullable(v.number()),
  redirectUri: v.string(),
  /** The companion server the sign-in started through: the session is asked of it and bound to it. */
  server: v.string(),
  identityProviderId: v.string(),
  providerName: v.string(),
  clientId: v.string(),
  scopes: v.array(v.string()),
  metadata: v.object({
    issuer: v.string(),
    authorization_endpoint: v.string(),
    token_endpoint: v.string(),
    id_token_signing_alg_values_supported: v.optional(v.array(v.string())),
  }),
});
export type MemberFlow = v.InferOutput<typeof MemberFlowSchema>;

export const memberFlow = defineItem('session', 'member.pendingFlow', v.nullable(MemberFlowSchema), null);
export const memberUsedStates = defineItem('session', 'member.usedStates', UsedStatesSchema, []);
export const memberNotice = defineItem('session', 'member.notice', NoticeSchema, null);
