import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachStore } from '../../../test/support/postgres.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { openSqlStore } from './open.ts';

describeEachStore('migrations', (backend) => {
  test('two instances starting together on an empty database migrate it once, and both work', async () => {
    const location = await backend.location();
    let runs = 0;
    const counted: Migration[] = [
      ...MIGRATIONS,
      {
        version: 1000,
        name: 'counted',
        async up(db) {
          runs++;
          // Long enough for the other instance to arrive while this one holds the lock.
          await db.schema.createTable('counted').addColumn('n', 'integer').execute();
          await sql`insert into counted (n) values (1)`.execute(db);
        },
      },
    ];
    const stores = await Promise.all(Array.from({ length: 4 }, () => openSqlStore(location, { migrations: counted })));
    try {
      expect(runs).toBe(1);
      for (const store of stores) expect(await store.ping()).toBe(true);
      await stores[0]?.claim({ tenant: 't', userSub: 'u', key: 'key-00000001', requestHash: 'h', newRequestId: 'r', owner: 'A', now: 1, leaseMs: 10 });
      expect(await stores[3]?.claim({ tenant: 't', userSub: 'u', key: 'key-00000001', requestHash: 'h', newRequestId: 'r2', owner: 'A', now: 2, leaseMs: 10 })).toMatchObject({ kind: 'resume', row: { requestId: 'r' } });
    } finally {
      for (const store of stores) await store.close();
    }
  });

  test('a failing migration leaves nothing behind and the server does not start', async () => {
    const location = await backend.location();
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: 1000,
        name: 'broken',
        async up(db) {
          await db.schema.createTable('half_done').addColumn('n', 'integer').execute();
          await sql`select * from no_such_table`.execute(db);
        },
      },
    ];
    await expect(openSqlStore(location, { migrations: broken })).rejects.toThrow(/no_such_table/);
    // The earlier migrations still apply; the broken one's table is gone with its transaction.
    const fixed = await openSqlStore(location, {
      migrations: [...MIGRATIONS, { version: 1000, name: 'fixed', up: (db) => db.schema.createTable('half_done').addColumn('n', 'integer').execute() }],
    });
    await fixed.close();
  });

  test('a database migrated by a newer server is refused', async () => {
    const location = await backend.location();
    const newer = await openSqlStore(location, { migrations: [...MIGRATIONS, { version: 1000, name: 'newer', up: () => Promise.resolve() }] });
    await newer.close();
    await expect(openSqlStore(location)).rejects.toThrow(/newer SignBridge/);
  });
});
