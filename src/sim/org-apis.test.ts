/**
 * The simulator's Monitor stream and Admin API user list: bodies against DocuSign's Monitor and Admin
 * specs (read from ../shared/docusign at test time), cursors and paging, scopes and bad input; and the
 * control routes that inject the failure causes a connection check names.
 */
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createSim, type Sim } from './index.ts';
import { ACCOUNTS, api, CONFIDENTIAL_KEY, ORIGIN, USERS } from './test-helpers.ts';
import { ADMIN_SPEC_PATH, describeWithSpec, MONITOR_SPEC_PATH, validateAgainstSpec } from '../../test/support/esign-spec.ts';

const ORG = 'f6a5b3d7-9a2c-4b6e-8d8f-1c7a0e3b5f66';
const STREAM = `${ORIGIN}/lens/api/v2.0/datasets/monitor/stream`;
const USERS_URL = `${ORIGIN}/Management/v2/organizations/${ORG}/users`;
let privateKey: CryptoKey;
let publicPem: string;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { modulusLength: 2048 });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
});

function setup(): Sim {
  const sim = createSim({ origin: ORIGIN, startTime: Date.UTC(2026, 0, 5, 9) });
  sim.control.addRsaPublicKey(CONFIDENTIAL_KEY, publicPem);
  sim.control.grantConsent(USERS.system.sub, CONFIDENTIAL_KEY, ['signature', 'impersonation']);
  return sim;
}

async function grant(sim: Sim, scope = 'signature impersonation', sub: string = USERS.system.sub): Promise<Response> {
  const iat = Math.floor(sim.control.now() / 1000);
  const jwt = await new SignJWT({ iss: CONFIDENTIAL_KEY, sub, aud: '127.0.0.1:8788', iat, exp: iat + 600, scope })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(privateKey);
  return sim.fetch(`${ORIGIN}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }),
  });
}

async function token(sim: Sim, scope?: string): Promise<string> {
  const body = (await (await grant(sim, scope)).json()) as { access_token?: string };
  if (!body.access_token) throw new Error('no token');
  return body.access_token;
}

const get = async (sim: Sim, url: string, bearer: string) => {
  const res = await sim.fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
};

interface Page {
  endCursor: string;
  data: { eventId: string; timestamp: string }[];
}

describeWithSpec('Monitor stream and Admin users against DocuSign specs', () => {
  test('Monitor pages are CursoredResult; consecutive fetches continue with no duplicate and no gap', async () => {
    const sim = setup();
    const t = await token(sim);
    const first = await get(sim, `${STREAM}?limit=2000`, t);
    expect(first.status).toBe(200);
    expect(validateAgainstSpec('CursoredResult', first.body, MONITOR_SPEC_PATH)).toEqual([]);
    const a = first.body as unknown as Page;
    expect(a.data).toHaveLength(2000);
    const second = (await get(sim, `${STREAM}?cursor=${a.endCursor}&limit=2000`, t)).body as unknown as Page;
    expect(second.data.length).toBe(500);
    const ids = [...a.data, ...second.data].map((e) => e.eventId);
    expect(new Set(ids).size).toBe(2500);
    const stamps = [...a.data, ...second.data].map((e) => Date.parse(e.timestamp));
    expect(stamps).toEqual([...stamps].sort((x, y) => x - y));
    // The end of the stream: no data, a cursor still; new activity then comes after it.
    const empty = (await get(sim, `${STREAM}?cursor=${second.endCursor}`, t)).body as unknown as Page;
    expect(empty.data).toEqual([]);
    expect(empty.endCursor).toBe(second.endCursor);
    sim.causes.appendMonitorEvents(ORG, 3);
    const fresh = (await get(sim, `${STREAM}?cursor=${empty.endCursor}`, t)).body as unknown as Page;
    expect(fresh.data).toHaveLength(3);
    expect(ids).not.toContain(fresh.data[0]?.eventId);
  });

  test('an ISO cursor starts at that time; bad limits and cursors are 400 and a bad token 401', async () => {
    const sim = setup();
    const t = await token(sim);
    const iso = new Date(Date.UTC(2026, 0, 4, 9)).toISOString();
    const page = (await get(sim, `${STREAM}?cursor=${iso}&limit=5`, t)).body as unknown as Page;
    expect(Date.parse(page.data[0]?.timestamp ?? '')).toBeGreaterThanOrEqual(Date.parse(iso));
    for (const query of ['limit=0', 'limit=2001', 'limit=-1', 'limit=ten', 'cursor=nonsense', 'cursor=aa_1_ffffffff']) {
      const res = await get(sim, `${STREAM}?${query}`, t);
      expect(res.status, query).toBe(400);
      expect(validateAgainstSpec('ErrorDetails', res.body, ADMIN_SPEC_PATH), query).toEqual([]);
    }
    expect((await get(sim, STREAM, 'not-a-token')).status).toBe(401);
    expect((await get(sim, `${ORIGIN}/lens/api/v2.0/datasets/other/stream`, t)).status).toBe(400);
  });

  test('Admin users: OrganizationUsersResponse, paged through paging.next, user_read required', async () => {
    const sim = setup();
    expect((await get(sim, `${USERS_URL}?account_id=${ACCOUNTS.aliceUs.id}`, await token(sim))).status).toBe(403);
    const t = await token(sim, 'signature impersonation user_read organization_read');
    let url: string | undefined = `${USERS_URL}?account_id=${ACCOUNTS.aliceUs.id}&start=0&take=20`;
    const seen: string[] = [];
    let pages = 0;
    while (url !== undefined) {
      const res = await get(sim, url, t);
      expect(res.status).toBe(200);
      expect(validateAgainstSpec('OrganizationUsersResponse', res.body, ADMIN_SPEC_PATH)).toEqual([]);
      const body = res.body as { users: { id: string }[]; paging: { next?: string; total_set_size: number } };
      seen.push(...body.users.map((u) => u.id));
      url = body.paging.next;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain(USERS.system.sub);
    for (const query of ['', `account_id=${ACCOUNTS.aliceUs.id}&take=0`, `account_id=${ACCOUNTS.aliceUs.id}&take=251`, 'account_id=nope']) {
      const res = await get(sim, `${USERS_URL}?${query}`, t);
      expect(res.status, query).toBe(400);
      expect(validateAgainstSpec('ErrorDetails', res.body, ADMIN_SPEC_PATH)).toEqual([]);
    }
  });
}, [MONITOR_SPEC_PATH, ADMIN_SPEC_PATH]);

describe('failure causes injected for the connection check', () => {
  test('every answer carries the simulator clock as Date; the clock can run ten minutes behind', async () => {
    const sim = setup();
    const before = Date.parse((await sim.fetch(`${ORIGIN}/`)).headers.get('date') ?? '');
    expect(before).toBe(Math.floor(sim.control.now() / 1000) * 1000);
    const offset = await sim.fetch(`${ORIGIN}/_sim/clock/offset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: -600_000 }) });
    expect(offset.status).toBe(200);
    const after = Date.parse((await sim.fetch(`${ORIGIN}/`)).headers.get('date') ?? '');
    expect(before - after).toBe(600_000);
  });

  test('other environment, unregistered key, removed member, limit nearly spent, moved account', async () => {
    const sim = setup();
    sim.causes.moveKeyToOtherEnvironment(CONFIDENTIAL_KEY, true);
    expect(await (await grant(sim)).json()).toEqual({ error: 'invalid_grant', error_description: 'issuer_not_found' });
    sim.causes.moveKeyToOtherEnvironment(CONFIDENTIAL_KEY, false);
    const t = await token(sim);
    sim.causes.unregisterRsaKeys(CONFIDENTIAL_KEY);
    expect(await (await grant(sim)).json()).toMatchObject({ error_description: 'no_valid_keys_or_signatures' });
    const us = api(sim, t, ACCOUNTS.aliceUs);
    sim.causes.leaveHourlyCalls(ACCOUNTS.aliceUs.id, 5);
    const info = await us.call('GET', '');
    expect(info.status).toBe(200);
    expect(info.headers.get('x-ratelimit-remaining')).toBe('4');
    sim.causes.removeMember(ACCOUNTS.aliceUs.id, USERS.system.sub);
    expect(((await us.call('GET', '')).status)).toBe(400);
    sim.causes.addMember(ACCOUNTS.aliceUs.id, { sub: USERS.system.sub, isDefault: true, admin: true });
    sim.causes.moveAccount(ACCOUNTS.aliceUs.id, 'na4');
    expect((await us.call('GET', '')).status).toBe(401);
    expect((await api(sim, t, { id: ACCOUNTS.aliceUs.id, site: 'na4' }).call('GET', '')).status).toBe(200);
  });

  test('the cause routes refuse bad input and requests from web pages', async () => {
    const sim = setup();
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      sim.fetch(`${ORIGIN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect((await post('/_sim/clock/offset', { ms: 'soon' })).status).toBe(400);
    expect((await post(`/_sim/accounts/${ACCOUNTS.aliceUs.id}/rate-limit`, { remaining: -1 })).status).toBe(400);
    expect((await post('/_sim/accounts/unknown/site', { site: 'na9' })).status).toBe(400);
    expect((await post(`/_sim/keys/${CONFIDENTIAL_KEY}/environment`, { environment: 'other' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await (await grant(sim)).json()).toMatchObject({ token_type: 'Bearer' });
  });
});
