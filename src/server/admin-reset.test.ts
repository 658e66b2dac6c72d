/** Token reset: after `reset-token`, the next member send requests a new JWT token (counted at the simulator). */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { resetToken } from '../admin/token-cache.ts';
import type { SessionResponse } from '../shared/api.ts';
import { createOrgKit, send } from '../../test/support/server-kit.ts';

let kit: Awaited<ReturnType<typeof createOrgKit>>;
let dana: SessionResponse;
beforeAll(async () => {
  kit = await createOrgKit();
  dana = await kit.signIn('dana@adams.example', 'adams');
});
afterAll(() => kit.close());

const tokenRequests = () => kit.sim.control.calls().filter((c) => c.path === '/oauth/token' && c.clientId === kit.org.jwtClientId && c.status === 200).length;

test('a reset makes the next send request a new token; without one the cached token is reused', async () => {
  expect((await send(kit.app, { token: dana.session, key: 'key-reset-0001' })).status).toBe(201);
  const first = tokenRequests();
  expect(first).toBeGreaterThanOrEqual(1);
  expect((await send(kit.app, { token: dana.session, key: 'key-reset-0002' })).status).toBe(201);
  expect(tokenRequests()).toBe(first);
  // Another instance (the command line) on the same store resets it.
  await resetToken(kit.store.admin, 'adams');
  expect((await send(kit.app, { token: dana.session, key: 'key-reset-0003' })).status).toBe(201);
  expect(tokenRequests()).toBe(first + 1);
  expect((await send(kit.app, { token: dana.session, key: 'key-reset-0004' })).status).toBe(201);
  expect(tokenRequests()).toBe(first + 1);
});
