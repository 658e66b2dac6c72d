/** The token generation in the SQLite store: per tenant, shared by every state object on the same database. */
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { migrate } from '../server/sqlite-store.ts';
import { sqliteAdminState } from './sqlite-state.ts';
import { resetToken } from './token-cache.ts';

test('a reset through one instance is seen by another on the same store, per tenant', async () => {
  const db = new Database(':memory:');
  migrate(db);
  const a = sqliteAdminState(db);
  const b = sqliteAdminState(db);
  expect(await b.tokenGeneration('adams')).toBe(0);
  expect(await resetToken(a, 'adams')).toEqual({ generation: 1 });
  expect(await resetToken(a, 'adams')).toEqual({ generation: 2 });
  expect(await b.tokenGeneration('adams')).toBe(2);
  expect(await b.tokenGeneration('northwind')).toBe(0);
});
