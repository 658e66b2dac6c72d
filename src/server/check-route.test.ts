/** `POST /v1/check` against the simulator: a healthy login passes every step; each cause a user can meet is named. */
import { expect, test } from 'vitest';
import type { UserCheckReport } from '../shared/check-api.ts';
import { createKit, SIM_ACCOUNTS, SIM_ORIGIN } from '../../test/support/server-kit.ts';

const ALICE = 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11';

async function check(kit: ReturnType<typeof createKit>, token: string, body: unknown = {}) {
  const res = await kit.app.request('/v1/check', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as UserCheckReport & { error?: { code: string; message: string } } };
}

async function world() {
  const kit = createKit();
  const token = await kit.login('alice');
  const info = (await (await kit.sim.fetch(`${SIM_ORIGIN}/oauth/userinfo`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    accounts: { account_id: string; base_uri: string }[];
  };
  const baseUri = info.accounts.find((a) => a.account_id === SIM_ACCOUNTS.aliceUs)?.base_uri ?? '';
  return { kit, token, request: { accountId: SIM_ACCOUNTS.aliceUs, baseUri } };
}

const summary = (report: UserCheckReport) => report.steps.map((s) => [s.id, s.status, s.cause ?? null]);

test('a healthy login passes every step', async () => {
  const { kit, token, request } = await world();
  const { status, body } = await check(kit, token, request);
  expect(status).toBe(200);
  expect(summary(body)).toEqual([
    ['token', 'passed', null], ['userinfo', 'passed', null], ['membership', 'passed', null],
    ['base_uri', 'passed', null], ['esign', 'passed', null], ['rate_limit', 'passed', null],
  ]);
  expect(body.ok).toBe(true);
  expect(JSON.stringify(body)).not.toContain(token);
});

test('the user removed from the account: membership fails, later steps are skipped', async () => {
  const { kit, token, request } = await world();
  kit.sim.causes.removeMember(SIM_ACCOUNTS.aliceUs, ALICE);
  const { body } = await check(kit, token, request);
  expect(body.ok).toBe(false);
  expect(summary(body).slice(2)).toEqual([
    ['membership', 'failed', 'user_not_member'], ['base_uri', 'skipped', null], ['esign', 'skipped', null], ['rate_limit', 'skipped', null],
  ]);
});

test('the hourly limit nearly spent, and an account that moved', async () => {
  const { kit, token, request } = await world();
  kit.sim.causes.leaveHourlyCalls(SIM_ACCOUNTS.aliceUs, 50);
  const low = await check(kit, token, request);
  expect(low.body.steps.at(-1)).toMatchObject({ id: 'rate_limit', status: 'failed', cause: 'rate_limit_nearly_spent', values: { remaining: '49', limit: '3000' } });
  const moved = await check(kit, token, { ...request, baseUri: 'https://na1.docusign.net' });
  expect(moved.body.steps.find((s) => s.id === 'base_uri')).toMatchObject({ status: 'warning', cause: 'base_uri_moved' });
});

test('a token DocuSign refuses is named; a member session, bad input and no token are refused with 4xx', async () => {
  const { kit, request } = await world();
  const refused = await check(kit, 'not-a-docusign-token', request);
  expect(refused.status).toBe(200);
  expect(summary(refused.body)[0]).toEqual(['token', 'failed', 'token_refused']);
  expect((await check(kit, `sbs_${'a'.repeat(43)}`, request)).status).toBe(403);
  const { token } = await world();
  for (const body of [{}, { accountId: '', baseUri: request.baseUri }, { ...request, baseUri: 'not a url' }, { ...request, extra: 1 }]) {
    const answer = await check(kit, token, body);
    expect(answer.status, JSON.stringify(body)).toBe(400);
    expect(answer.body.error?.code).toBe('bad_request');
  }
  const none = await kit.app.request('/v1/check', { method: 'POST', body: '{}' });
  expect(none.status).toBe(401);
});
