/**
 * What the simulator's Monitor and Admin APIs read: each organization's customer events (a stream in
 * timestamp order, addressed by position) and its directory of users. Built once from the seed:
 * events are spread over the seven days before the simulator started (DocuSign's default start of the
 * stream) and the directory holds every seeded member of the organization's accounts plus generated
 * people, enough for more than one page of the Admin API.
 */
import type { Context } from 'hono';
import type { SimEnv } from './env.ts';
import { oauthError } from './errors.ts';
import type { AccessToken, Store } from './store.ts';
import { bearer } from './tokens.ts';

/** One Monitor event. Field names follow DocuSign Monitor's customer events; values are made up. */
export interface MonitorEvent {
  timestamp: string;
  eventId: string;
  site: string;
  accountId: string;
  organizationId: string;
  userId: string;
  integratorKey: string;
  userAgent: string;
  ipAddress: string;
  object: string;
  action: string;
  result: string;
  data: Record<string, string>;
}

export interface DirectoryUser {
  id: string;
  accountIds: string[];
  firstName: string;
  lastName: string;
  email: string;
  createdOn: string;
  membershipCreatedOn: string;
}

export interface OrgData {
  /** Events per organization, oldest first; a cursor is a position in this array. */
  events: Map<string, MonitorEvent[]>;
  directory: Map<string, DirectoryUser[]>;
  /** Appends `count` events at the simulator's current time (new activity since the last fetch). */
  append(organizationId: string, count: number): void;
}

const DAY_MS = 86_400_000;
const SEEDED_EVENTS = 2_500;
const GENERATED_USERS = 45;
const ACTIONS: readonly [string, string][] = [
  ['Login', 'Succeeded'], ['Envelope', 'Sent'], ['Envelope', 'Voided'], ['User', 'Created'],
  ['Permission', 'Changed'], ['Login', 'Failed'], ['Envelope', 'Downloaded'], ['Account', 'SettingChanged'],
];
const FIRST = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eva', 'Finn', 'Gia', 'Hal', 'Ivy'];
const LAST = ['Archer', 'Baker', 'Cole', 'Dunn', 'Ellis'];

/** A GUID that is the same for the same inputs, so seeded data does not change between runs. */
function stableGuid(...parts: (string | number)[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  const hex: string[] = [];
  const text = parts.join('|');
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < text.length; i++) {
      h1 = Math.imul(h1 ^ text.charCodeAt(i), 16777619) >>> 0;
      h2 = Math.imul(h2 ^ (text.charCodeAt(i) + round), 2246822519) >>> 0;
    }
    hex.push(((h1 ^ h2) >>> 0).toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function makeEvent(store: Store, organizationId: string, n: number, at: number): MonitorEvent {
  const accounts = [...store.accounts.values()].filter((a) => a.organizationId === organizationId);
  const account = accounts[n % Math.max(1, accounts.length)];
  const member = account?.members[n % Math.max(1, account.members.length)];
  const [object, result] = ACTIONS[n % ACTIONS.length] ?? ['Login', 'Succeeded'];
  return {
    timestamp: new Date(at).toISOString(),
    eventId: stableGuid('event', organizationId, n),
    site: account?.site ?? 'na2',
    accountId: account?.accountId ?? '',
    organizationId,
    userId: member?.sub ?? '',
    integratorKey: store.seed.integrationKeys[n % store.seed.integrationKeys.length]?.clientId ?? '',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    ipAddress: `198.51.100.${(n % 250) + 1}`,
    object,
    action: result,
    result: result === 'Failed' ? 'Failure' : 'Success',
    data: { sequence: String(n) },
  };
}

export function createOrgData(store: Store): OrgData {
  const start = store.now();
  const organizations = [...new Set([...store.accounts.values()].flatMap((a) => (a.organizationId ? [a.organizationId] : [])))];
  const events = new Map<string, MonitorEvent[]>();
  const directory = new Map<string, DirectoryUser[]>();
  for (const org of organizations) {
    // Within the last seven days less an hour, so the default start of the stream (seven days ago) includes them all.
    const step = (7 * DAY_MS - 3600_000) / SEEDED_EVENTS;
    events.set(org, Array.from({ length: SEEDED_EVENTS }, (_, n) => makeEvent(store, org, n, Math.floor(start - 7 * DAY_MS + 3600_000 + n * step))));
    const accounts = [...store.accounts.values()].filter((a) => a.organizationId === org);
    const people: DirectoryUser[] = [];
    for (const account of accounts) {
      for (const m of account.members) {
        const existing = people.find((p) => p.id === m.sub);
        if (existing) {
          existing.accountIds.push(account.accountId);
          continue;
        }
        const user = store.users.get(m.sub);
        people.push({
          id: m.sub,
          accountIds: [account.accountId],
          firstName: user?.given_name ?? '',
          lastName: user?.family_name ?? '',
          email: user?.email ?? '',
          createdOn: new Date(start - 400 * DAY_MS).toISOString(),
          membershipCreatedOn: new Date(start - 300 * DAY_MS).toISOString(),
        });
      }
    }
    const home = accounts[0]?.accountId;
    for (let n = 0; n < GENERATED_USERS && home !== undefined; n++) {
      const first = FIRST[n % FIRST.length] ?? 'Ada';
      const last = LAST[n % LAST.length] ?? 'Archer';
      people.push({
        id: stableGuid('user', org, n),
        accountIds: [home],
        firstName: first,
        lastName: last,
        email: `${first}.${last}.${n}@directory.example`.toLowerCase(),
        createdOn: new Date(start - (200 - n) * DAY_MS).toISOString(),
        membershipCreatedOn: new Date(start - (100 - n) * DAY_MS).toISOString(),
      });
    }
    directory.set(org, people);
  }
  return {
    events,
    directory,
    append(organizationId, count) {
      const list = events.get(organizationId);
      if (!list) throw new Error(`unknown organization ${organizationId}`);
      for (let i = 0; i < count; i++) list.push(makeEvent(store, organizationId, list.length, store.now()));
    },
  };
}

/** The organizations whose administrator the user is (Monitor and the Admin API act for those). */
export function organizationsAdministeredBy(store: Store, sub: string): Set<string> {
  const out = new Set<string>();
  for (const account of store.accounts.values()) {
    if (account.organizationId && account.members.some((m) => m.sub === sub && m.admin === true)) out.add(account.organizationId);
  }
  return out;
}

/**
 * The live token of a Monitor or Admin API call, recorded on the call; or its 401 refusal, in the
 * Admin API's `ErrorDetails` shape (UNCONFIRMED for Monitor, whose spec declares no error body).
 */
export function orgApiToken(c: Context<SimEnv>, store: Store, kind: 'monitor' | 'admin'): AccessToken | Response {
  c.set('kind', kind);
  const auth = bearer(store, c.req.header('authorization'));
  if ('problem' in auth) return oauthError(c, 'invalid_token', 'The access token is missing, expired, revoked or malformed.', 401);
  c.set('clientId', auth.token.clientId);
  c.set('sub', auth.token.sub);
  return auth.token;
}
