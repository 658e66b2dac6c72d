/** Token reset: after `reset-token`, the next member send requests a new JWT token (counted at the simulator). */
import { expect, test } from 'vitest';
import { resetToken } from '../admin/token-cache.ts';
import { orgSuiteAsDana, send } from '../../test/support/server-kit.ts';

const world = orgSuiteAsDana();

const tokenRequests = () => world.kit.sim.control.calls().filter((c) => c.path === '/oauth/token' && c.clientId === world.kit.org.jwtClientId && c.status === 200).length;

test('a reset makes the next send request a new token; without one the cached token is reused', async () => {
  expect((await send(world.kit.app, { token: world.dana.session, key: 'key-reset-0001' })).status).toBe(201);
  const first = tokenRequests();
  expect(first).toBeGreaterThanOrEqual(1);
  expect((await send(world.kit.app, { token: world.dana.session, key: 'key-reset-0002' })).status).toBe(201);
  expect(tokenRequests()).toBe(first);
  // Another instance (the command line) on the same store resets it.
  await resetToken(world.kit.store.admin, 'adams');
  expect((await send(world.kit.app, { token: world.dana.session, key: 'key-reset-0003' })).status).toBe(201);
  expect(tokenRequests()).toBe(first + 1);
  expect((await send(world.kit.app, { token: world.dana.session, key: 'key-reset-0004' })).status).toBe(201);
  expect(tokenRequests()).toBe(first + 1);
});
