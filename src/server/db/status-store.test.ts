/** The Connect status store on SQLite and PostgreSQL: track, apply in any order and twice, list per owner. */
import { afterEach, expect, test } from 'vitest';
import { describeEachStore } from '../../../test/support/postgres.ts';
import type { StatusUpdate, TrackedEnvelope } from '../status-model.ts';
import type { Store } from '../store.ts';
import { openStore } from './open.ts';

const ACCOUNT = 'acc-1';
const sent = (envelopeId: string, principal: string, updatedAt: number): TrackedEnvelope => ({
  tenant: 'adams',
  principal,
  accountId: ACCOUNT,
  envelopeId,
  subject: `Contract ${envelopeId}`,
  source: { url: 'https://crm.example/deal/7', title: 'Deal 7' },
  documents: ['contract.pdf'],
  status: 'sent',
  sentAt: 1000,
  updatedAt,
  recipients: [
    { recipientId: '10', kind: 'signer', name: 'Bo', email: 'bo@example.com', routingOrder: 2, status: 'sent' },
    { recipientId: '2', kind: 'signer', name: 'Al', email: 'al@example.com', routingOrder: 1, status: 'sent' },
    { recipientId: '3', kind: 'carbonCopy', name: 'Cy', email: 'cy@example.com', routingOrder: 1, status: 'created' },
  ],
});
const delivered: StatusUpdate = {
  accountId: ACCOUNT,
  envelopeId: 'env-1',
  at: 2000,
  status: 'delivered',
  times: { deliveredAt: 2000 },
  recipients: [{ recipientId: '2', status: 'completed', completedAt: 1900 }],
};
const completed: StatusUpdate = { accountId: ACCOUNT, envelopeId: 'env-1', at: 3000, status: 'completed', times: { completedAt: 3000 }, recipients: [] };

describeEachStore('envelope status store', (backend) => {
  const opened: Store[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });
  const open = async (location?: string): Promise<Store> => {
    const store = openStore(location ?? (await backend.location()));
    opened.push(store);
    await store.ready();
    return store;
  };

  test('messages in any order and twice end in the same state; recipients in routing order', async () => {
    const location = await backend.location();
    const [a, b] = [await open(location), await open(location)];
    await a.status.track(sent('ENV-1', 'u1', 1000));
    expect(await a.status.apply([completed, delivered, completed], 5000)).toMatchObject([
      { kind: 'applied', changed: true },
      { kind: 'applied', changed: true },
      { kind: 'applied', changed: false },
    ]);
    expect(await b.status.apply([delivered, completed], 6000)).toMatchObject([{ changed: false }, { changed: false }]);
    const [x, y] = [await a.status.get('env-1'), await b.status.get('ENV-1')];
    expect(x).toEqual(y);
    expect(x).toMatchObject({ status: 'completed', sentAt: 1000, deliveredAt: 2000, completedAt: 3000, source: { title: 'Deal 7' } });
    expect(x?.recipients.map((r) => [r.recipientId, r.status])).toEqual([
      ['2', 'completed'],
      ['3', 'created'],
      ['10', 'sent'],
    ]);
    // A replayed send does not undo what Connect taught.
    await a.status.track(sent('env-1', 'u1', 7000));
    expect(await a.status.get('env-1')).toMatchObject({ status: 'completed', completedAt: 3000 });
  });

  test('an envelope SignBridge did not send (or of another account) is unknown', async () => {
    const store = await open();
    await store.status.track(sent('env-1', 'u1', 1000));
    expect(await store.status.apply([{ ...delivered, envelopeId: 'env-x' }, { ...delivered, accountId: 'other' }], 5000)).toEqual([
      { kind: 'unknown' },
      { kind: 'unknown' },
    ]);
  });

  test('two instances applying to one envelope at once lose neither update', async () => {
    const location = await backend.location();
    const [a, b] = [await open(location), await open(location)];
    await a.status.track(sent('env-1', 'u1', 1000));
    const al: StatusUpdate = { accountId: ACCOUNT, envelopeId: 'env-1', at: 2000, times: {}, recipients: [{ recipientId: '2', status: 'completed', completedAt: 1900 }] };
    const bo: StatusUpdate = { accountId: ACCOUNT, envelopeId: 'env-1', at: 2100, times: {}, recipients: [{ recipientId: '10', status: 'completed', completedAt: 2050 }] };
    await Promise.all([a.status.apply([al], 5000), b.status.apply([bo], 5000)]);
    const got = await a.status.get('env-1');
    expect(got?.recipients.filter((r) => r.status === 'completed').map((r) => r.recipientId)).toEqual(['2', '10']);
  });

  test('listed per principal or per tenant, newest first, and per page', async () => {
    const store = await open();
    await store.status.track(sent('env-1', 'u1', 1000));
    await store.status.track({ ...sent('env-2', 'u2', 2000), source: { url: 'https://crm.example/deal/8' } });
    await store.status.track(sent('env-3', 'u1', 3000));
    const owner = { tenant: 'adams', principal: 'u1' };
    const ids = (list: TrackedEnvelope[]) => list.map((e) => e.envelopeId);
    expect(ids(await store.status.list({ owner, wholeTenant: false, limit: 10 }))).toEqual(['env-3', 'env-1']);
    expect(ids(await store.status.list({ owner, wholeTenant: true, limit: 2 }))).toEqual(['env-3', 'env-2']);
    expect(ids(await store.status.list({ owner, wholeTenant: true, sourceUrl: 'https://crm.example/deal/8', limit: 10 }))).toEqual(['env-2']);
    expect(await store.status.list({ owner: { tenant: 'other', principal: 'u1' }, wholeTenant: true, limit: 10 })).toEqual([]);
  });
});
