/**
 * Group commit of Connect: deliveries that arrive together are applied in one transaction, each is
 * answered only once that transaction is durable, and a batch holding a duplicate and events out of
 * order ends in the state the same events reach one by one in order.
 */
import { expect, test } from 'vitest';
import { CONNECT_URL, createConnectKit, tracked } from '../../test/support/connect-kit.ts';
import type { StatusUpdate } from './status-model.ts';
import { toView } from './status-model.ts';

type Kit = ReturnType<typeof createConnectKit>;

const deliver = (kit: Kit, d: { body: string; headers: Record<string, string> }): Promise<Response> =>
  Promise.resolve(
    kit.app.request(CONNECT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-DocuSign-Signature-1': d.headers['X-DocuSign-Signature-1'] ?? '' },
      body: d.body,
    }),
  );

test('a burst with a duplicate and events out of order: one transaction, answered after its commit, one correct state', async () => {
  const kit = createConnectKit();
  const envelopeId = await kit.sendEmail(await kit.login('alice'));
  kit.sim.control.actAsRecipient(envelopeId, '1', 'open');
  kit.sim.control.actAsRecipient(envelopeId, '1', 'sign');
  kit.sim.control.actAsRecipient(envelopeId, '2', 'sign');
  await kit.sim.control.settle();
  const { updatedAt: _u, ...expected } = toView((await kit.store.status.get(envelopeId)) ?? tracked(envelopeId, 0));
  expect(expected.status).toBe('completed');
  const deliveries = kit.sim.control.deliveries().filter((d) => d.envelopeId === envelopeId);
  expect(deliveries.length).toBeGreaterThan(3);

  // A second server that learns it all in one burst: newest first, and the completion twice.
  const other = createConnectKit();
  await other.store.status.track(tracked(envelopeId, kit.sim.control.now()));
  const burst = [...deliveries].reverse();
  burst.splice(2, 0, burst[0] as (typeof burst)[number]);
  const batches: StatusUpdate[][] = [];
  let commit: () => void = () => undefined;
  const committed = new Promise<void>((resolve) => (commit = resolve));
  const apply = other.store.status.apply.bind(other.store.status);
  other.store.status.apply = async (updates, now) => {
    batches.push([...updates]);
    await committed;
    return apply(updates, now);
  };
  const answered: number[] = [];
  const responses = Promise.all(burst.map(async (d) => deliver(other, d).then((res) => (answered.push(res.status), res))));
  const deadline = Date.now() + 10_000;
  while (batches.length === 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  // Every delivery is in the one batch, and none is acknowledged before it is stored.
  expect(batches.map((b) => b.length)).toEqual([burst.length]);
  expect(answered).toEqual([]);
  commit();
  expect((await responses).map((r) => r.status)).toEqual(burst.map(() => 200));
  const { updatedAt: _v, ...got } = toView((await other.store.status.get(envelopeId)) ?? tracked(envelopeId, 0));
  expect(got).toEqual({ ...expected, sentAt: expect.any(String) as string });
});
