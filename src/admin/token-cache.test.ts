/** Token reset across instances: two caches over one store; a reset makes both mint anew. */
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { migrate } from '../server/sqlite-store.ts';
import { sqliteAdminState } from './sqlite-state.ts';
import { createTokenCache, resetToken } from './token-cache.ts';

test('a reset on one instance makes every instance on the store mint a new token', async () => {
  const db = new Database(':memory:');
    migrate(db);
  let minted = 0;
  const mint = () => Promise.resolve({ token: `t${++minted}`, expiresAt: Date.now() + 3600_000 });
  const a = createTokenCache({ state: sqliteAdminState(db), now: Date.now, mint });
  const b = createTokenCache({ state: sqliteAdminState(db), now: Date.now, mint });
  expect((await a.get('adams')).token).toBe('t1');
  expect((await b.get('adams')).token).toBe('t2');
  expect((await a.get('adams')).token).toBe('t1');
  expect(await resetToken(sqliteAdminState(db), 'adams')).toEqual({ generation: 1 });
  expect((await a.get('adams')).token).toBe('t3');
  expect((await b.get('adams')).token).toBe('t4');
  expect((await b.get('adams')).token).toBe('t4');
  expect((await a.get('northwind')).token).toBe('t5');
});

test('concurrent uses share one mint; a token near its end is renewed', async () => {
  const db = new Database(':memory:');
    migrate(db);
  let minted = 0;
  let now = 0;
  const cache = createTokenCache({ state: sqliteAdminState(db), now: () => now, mint: () => Promise.resolve({ token: `t${++minted}`, expiresAt: now + 3600_000 }) });
  const [x, y] = await Promise.all([cache.get('adams'), cache.get('adams')]);
  expect([x.token, y.token]).toEqual(['t1', 't1']);
  now = 3600_000 - 9 * 60_000;
  expect((await cache.get('adams')).token).toBe('t2');
});
