/** Events against the simulator: Monitor fetches continue per tenant with no duplicate and no gap; Admin users page through. */
import { afterEach, describe, expect, test } from 'vitest';
import { describeEachStore } from '../../test/support/postgres.ts';
import { openStore } from '../server/db/open.ts';
import type { Store } from '../server/store.ts';
import { fetchMonitor, fetchUsers } from './events.ts';
import { memoryAdminState } from './state.ts';
import { ADAMS, ADAMS_ORG, adminDeps, adminSim, JWT_CLIENT_ID, SYSTEM_USER } from './test-kit.ts';

describeEachStore('Monitor cursor in the store', (backend) => {
  const opened: Store[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });
  const open = (location: string): Store => {
    const store = openStore(location);
    opened.push(store);
    return store;
  };

  test('two fetches in a row: consecutive pages, no duplicate, no gap; the cursor survives in the store', async () => {
    const sim = adminSim();
    const location = await backend.location();
    const deps = adminDeps(sim, {}, open(location).admin);
    const first = await fetchMonitor(ADAMS, deps, { limit: 1500 });
    if (!first.ok) throw new Error(first.message);
    expect(first.value.from).toBeUndefined();
    await first.value.commit();
    // Another process on the same database (a store of its own) continues.
    const second = await fetchMonitor(ADAMS, adminDeps(sim, {}, open(location).admin), { limit: 1500 });
    if (!second.ok) throw new Error(second.message);
    expect(second.value.from).toBe(first.value.endCursor);
    const sequence = [...first.value.events, ...second.value.events].map((e) => Number((e['data'] as { sequence: string }).sequence));
    expect(sequence).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    await second.value.commit();
    sim.causes.appendMonitorEvents(ADAMS_ORG, 2);
    const third = await fetchMonitor(ADAMS, deps);
    if (!third.ok) throw new Error(third.message);
    expect(third.value.events.map((e) => (e['data'] as { sequence: string }).sequence)).toEqual(['2500', '2501']);
  });
});

describe('Monitor events', () => {
  test('an uncommitted page is fetched again (nothing lost if writing it failed)', async () => {
    const sim = adminSim();
    const deps = adminDeps(sim);
    const a = await fetchMonitor(ADAMS, deps, { limit: 10 });
    const b = await fetchMonitor(ADAMS, deps, { limit: 10 });
    if (!a.ok || !b.ok) throw new Error('fetch failed');
    expect(b.value.events).toEqual(a.value.events);
  });

  test('bad limits and cursors are refused before any call; the kept cursor is unchanged', async () => {
    const sim = adminSim();
    const state = memoryAdminState();
    await state.setCursor('adams', 'monitor', 'aa_639032001580800000_00000010');
    const deps = adminDeps(sim, {}, state);
    for (const limit of [0, 2001, 1.5, -3]) expect(await fetchMonitor(ADAMS, deps, { limit })).toMatchObject({ ok: false, code: 'bad_limit' });
    for (const since of ['yesterday', 'a b', '2026-13-45T99:99:99Z']) expect(await fetchMonitor(ADAMS, deps, { since })).toMatchObject({ ok: false, code: 'bad_cursor' });
    expect(sim.control.calls()).toHaveLength(0);
    expect(await state.getCursor('adams', 'monitor')).toBe('aa_639032001580800000_00000010');
  });
});

describe('Admin API users', () => {
  test('fetches in a row page through more than one page: each user once, none missed, then a new pass', async () => {
    const sim = adminSim();
    sim.control.grantConsent(SYSTEM_USER, JWT_CLIENT_ID, ['organization_read', 'user_read']);
    const deps = adminDeps(sim);
    const all = await fetchUsers(ADAMS, adminDeps(sim), { limit: 250 });
    if (!all.ok) throw new Error(all.message);
    expect(all.value.next).toBeUndefined();
    const everyone = all.value.users.map((u) => u['id']);
    expect(everyone).toHaveLength(47);
    expect(everyone).toContain(SYSTEM_USER);
    const seen: unknown[] = [];
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await fetchUsers(ADAMS, deps, { limit: 20 });
      if (!page.ok) throw new Error(page.message);
      starts.push(page.value.start);
      seen.push(...page.value.users.map((u) => u['id']));
      await page.value.commit();
    }
    expect(starts).toEqual([0, 20, 40]);
    expect(seen).toEqual(everyone);
    const again = await fetchUsers(ADAMS, deps, { limit: 20 });
    expect(again.ok && again.value.start).toBe(0);
  });

  test('an uncommitted page is fetched again; a bad page size is refused before any call', async () => {
    const sim = adminSim();
    sim.control.grantConsent(SYSTEM_USER, JWT_CLIENT_ID, ['organization_read', 'user_read']);
    const deps = adminDeps(sim);
    const a = await fetchUsers(ADAMS, deps, { limit: 5 });
    const b = await fetchUsers(ADAMS, deps, { limit: 5 });
    if (!a.ok || !b.ok) throw new Error('fetch failed');
    expect(b.value.users).toEqual(a.value.users);
    const calls = sim.control.calls().length;
    for (const limit of [0, 251, 2.5]) expect(await fetchUsers(ADAMS, deps, { limit })).toMatchObject({ ok: false, code: 'bad_limit' });
    expect(sim.control.calls()).toHaveLength(calls);
  });
});
