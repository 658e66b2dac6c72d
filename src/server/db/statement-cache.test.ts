/** The prepared-statement cache under Kysely's SQLite driver: reused, bounded, and right after a schema change. */
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { cachingStatements } from './statement-cache.ts';

test('a repeated query reuses its statement; the least recently used goes when the cache is full', () => {
  const sqlite = new Database(':memory:');
  const db = cachingStatements(sqlite, 2);
  const a = db.prepare('select 1 as a');
  expect(db.prepare('select 1 as a')).toBe(a);
  db.prepare('select 2 as b');
  db.prepare('select 1 as a'); // a is the most recent again
  db.prepare('select 3 as c'); // b goes
  expect(db.prepare('select 1 as a')).toBe(a);
  expect(db.prepare('select 1 as a').all([])).toEqual([{ a: 1 }]);
  db.close();
  expect(sqlite.open).toBe(false);
});

test('a cached statement still runs after the schema changed under it', () => {
  const sqlite = new Database(':memory:');
  const db = cachingStatements(sqlite);
  sqlite.exec('create table t (x integer)');
  db.prepare('insert into t (x) values (?)').run([1]);
  sqlite.exec('alter table t add column y integer default 7');
  db.prepare('insert into t (x) values (?)').run([2]);
  expect(db.prepare('select x, y from t order by x').all([])).toEqual([{ x: 1, y: 7 }, { x: 2, y: 7 }]);
  db.close();
});
