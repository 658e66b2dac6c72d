import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachStore } from '../../../test/support/postgres.ts';
import { MIGRATIONS, type Migration } from '../migrations.ts';
import type { Store } from '../store.ts';
import { openStore } from './open.ts';

const claimInput = { scope: { tenant: 't', principal: 'u' }, key: 'key-00000001', requestHash: 'h', newRequestId: 'r', owner: 'A', now: 1, leaseMs: 10 };

async function opened(location: string, migrations?: readonly Migration[]): Promise<Store> {
  const store = openStore(location, migrations === undefined ? {} : { migrations });
  await store.ready();
  return store;
}

describeEachStore('migrations', (backend) => {
  test('instances starting together on an empty database migrate it once, and all work', async () => {
    const location = await backend.location();
    let runs = 0;
    const counted: Migration[] = [
      ...MIGRATIONS,
      {
        version: 1000,
        name: 'counted',
        async up(db) {
          runs++;
          await db.schema.createTable('counted').addColumn('n', 'integer').execute();
          await sql`insert into counted (n) values (1)`.execute(db);
        },
      },
    ];
    const stores = await Promise.all(Array.from({ length: 4 }, () => opened(location, counted)));
    try {
      expect(runs).toBe(1);
      for (const store of stores) expect(await store.ping()).toBe(true);
      await stores[0]?.claim(claimInput);
      expect(await stores[3]?.claim({ ...claimInput, newRequestId: 'r2' })).toMatchObject({ kind: 'resume', row: { requestId: 'r' } });
    } finally {
      for (const store of stores) await store.close();
    }
  });

  test('a failing migration leaves nothing behind and the store does not become ready', async () => {
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
    const store = openStore(location, { migrations: broken });
    await expect(store.ready()).rejects.toThrow(/no_such_table/);
    expect(await store.ping()).toBe(false);
    await store.close();
    // The broken migration's table went with its transaction: a fixed one creates it again.
    const fixed = await opened(location, [...MIGRATIONS, { version: 1000, name: 'fixed', up: (db) => db.schema.createTable('half_done').addColumn('n', 'integer').execute() }]);
    await fixed.close();
  });

  test('a database migrated by a newer server is refused', async () => {
    const location = await backend.location();
    const newer = await opened(location, [...MIGRATIONS, { version: 1000, name: 'newer', up: () => Promise.resolve() }]);
    await newer.close();
    const store = openStore(location);
    await expect(store.ready()).rejects.toThrow(/newer SignBridge/);
    await store.close();
  });
});
