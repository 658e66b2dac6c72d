/**
 * The simulator's in-memory state, built from a seed. Every other module reads and changes it through
 * this object; nothing here speaks HTTP.
 */
import type {
  FaultSpec,
  SeedAccount,
  SeedIntegrationKey,
  SeedTemplate,
  SeedUser,
  SimCall,
  SimDelivery,
  SimEnvelope,
  SimResend,
  SimSeed,
} from './types.ts';

export interface Consent {
  scopes: Set<string>;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  sub: string;
  scopes: string[];
  challenge?: string;
  expiresAt: number;
  used: boolean;
  /** Every token issued from this code (through refreshes too): revoked if the code is replayed. */
  grantId: string;
}

export interface AccessToken {
  token: string;
  clientId: string;
  sub: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  grantId?: string;
}

export interface RefreshToken {
  token: string;
  clientId: string;
  sub: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
  grantId: string;
}

export interface PendingAuth {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
  challenge?: string;
  adminConsentScopes?: string[];
  loginHint?: string;
  sub?: string;
  createdAt: number;
}

export interface RecipientView {
  token: string;
  accountId: string;
  envelopeId: string;
  recipientId: string;
  returnUrl: string;
  expiresAt: number;
  used: boolean;
  kind: 'recipient' | 'sender' | 'console';
}

export interface SigningSession {
  id: string;
  accountId: string;
  envelopeId: string;
  recipientId: string;
  returnUrl: string;
  done: boolean;
}

export interface ActiveFault extends FaultSpec {
  remaining: number;
}

export interface Store {
  seed: SimSeed;
  keys: Map<string, SeedIntegrationKey>;
  users: Map<string, SeedUser>;
  accounts: Map<string, SeedAccount>;
  templates: Map<string, SeedTemplate>;
  /** `${sub} ${clientId}` → consent. */
  consents: Map<string, Consent>;
  codes: Map<string, AuthCode>;
  accessTokens: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
  /** Login sessions of the account server's pages (cookie value → sub). */
  sessions: Map<string, string>;
  pending: Map<string, PendingAuth>;
  envelopes: Map<string, SimEnvelope>;
  views: Map<string, RecipientView>;
  signing: Map<string, SigningSession>;
  calls: SimCall[];
  issued: string[];
  faults: ActiveFault[];
  deliveries: (SimDelivery & { body: string; headers: Record<string, string>; retry: boolean })[];
  /** Last status read per envelope (for the polling rule), and the reads in the current window. */
  polls: Map<string, number[]>;
  /** Reminders sent (resend_envelope), oldest first. */
  resends: SimResend[];
  now(): number;
  advanceBy(ms: number): void;
}

export const consentKey = (sub: string, clientId: string): string => `${sub} ${clientId}`;

export function createStore(seed: SimSeed, startTime: number | undefined): Store {
  // A given startTime freezes the clock (only advance() moves it); otherwise it follows the wall clock,
  // so real clients that stamp JWTs with Date.now() agree with it.
  let offset = 0;
  const frozen = startTime;
  const now = (): number => (frozen === undefined ? Date.now() : frozen) + offset;

  const consents = new Map<string, Consent>();
  for (const user of seed.users) {
    for (const c of user.consents ?? []) consents.set(consentKey(user.sub, c.clientId), { scopes: new Set(c.scopes) });
  }
  return {
    seed,
    keys: new Map(seed.integrationKeys.map((k) => [k.clientId, { ...k, redirectUris: [...k.redirectUris], rsaPublicKeys: [...(k.rsaPublicKeys ?? [])] }])),
    users: new Map(seed.users.map((u) => [u.sub, u])),
    accounts: new Map(seed.accounts.map((a) => [a.accountId, a])),
    templates: new Map(seed.templates.map((t) => [t.templateId, t])),
    consents,
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    sessions: new Map(),
    pending: new Map(),
    envelopes: new Map(),
    views: new Map(),
    signing: new Map(),
    calls: [],
    issued: [],
    faults: [],
    deliveries: [],
    polls: new Map(),
    resends: [],
    now,
    advanceBy(ms) {
      offset += ms;
    },
  };
}

/** An opaque random value (tokens, codes, ids of pages): 32 random bytes, base64url. */
export function opaque(prefix = ''): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return prefix + Buffer.from(bytes).toString('base64url');
}

export function hasConsent(store: Store, sub: string, clientId: string, scopes: readonly string[]): boolean {
  const consent = store.consents.get(consentKey(sub, clientId));
  // `openid` and `cors` ride along with any consent; only resource scopes need the user's yes.
  return scopes.filter((s) => s !== 'openid' && s !== 'cors').every((s) => consent?.scopes.has(s) === true);
}

export function grantConsentTo(store: Store, sub: string, clientId: string, scopes: readonly string[]): void {
  const key = consentKey(sub, clientId);
  const consent = store.consents.get(key) ?? { scopes: new Set<string>() };
  for (const s of scopes) consent.scopes.add(s);
  store.consents.set(key, consent);
}

export function membershipsOf(store: Store, sub: string): { account: SeedAccount; isDefault: boolean; admin: boolean }[] {
  const out: { account: SeedAccount; isDefault: boolean; admin: boolean }[] = [];
  for (const account of store.accounts.values()) {
    const member = account.members.find((m) => m.sub === sub);
    if (member) out.push({ account, isDefault: member.isDefault, admin: member.admin === true });
  }
  return out;
}
