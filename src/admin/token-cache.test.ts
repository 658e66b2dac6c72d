/** The token generation in the store: per tenant, shared by every instance on the same database. */
import { afterEach, expect, test } from 'vitest';
import { describeEachStore } from '../../test/support/postgres.ts';
import { openStore } from '../server/db/open.ts';
import type { Store } from '../server/store.ts';
import { resetToken } from './token-cache.ts';

describeEachStore('token generation', (backend) => {
  const opened: Store[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });

  test('a reset through one instance is seen by another on the same store, per tenant', async () => {
    const location = await backend.location();
    const [a, b] = [openStore(location), openStore(location)];
    opened.push(a, b);
    expect(await b.admin.tokenGeneration('adams')).toBe(0);
    expect(await resetToken(a.admin, 'adams')).toEqual({ generation: 1 });
    expect(await resetToken(a.admin, 'adams')).toEqual({ generation: 2 });
    expect(await b.admin.tokenGeneration('adams')).toBe(2);
    expect(await b.admin.tokenGeneration('northwind')).toBe(0);
  });

  test('resets racing on two instances each get a generation of their own', async () => {
    const location = await backend.location();
    const [a, b] = [openStore(location), openStore(location)];
    opened.push(a, b);
    const generations = await Promise.all([1, 2, 3].flatMap(() => [resetToken(a.admin, 'adams'), resetToken(b.admin, 'adams')]));
    expect(generations.map((g) => g.generation).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
