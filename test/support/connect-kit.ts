/**
 * The Connect receiver wired to an in-process simulator, for tests: the simulator's Connect deliveries
 * go to the server app in-process; the status store lives in an in-memory SQLite database.
 */
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import { createSim, loadDefaultSeed, makePdf, type Sim, type SimSeed } from '../../src/sim/index.ts';
import type { AppEnv } from '../../src/server/app.ts';
import { connectRoutes, CONNECT_PATH } from '../../src/server/connect-route.ts';
import { memoryLogger } from '../../src/server/log.ts';
import { createStatusBus } from '../../src/server/status-bus.ts';
import { createIngest } from '../../src/server/status-ingest.ts';
import type { TrackedEnvelope } from '../../src/server/status-model.ts';
import { createSqliteStatusStore, STATUS_MIGRATION_SQL } from '../../src/server/status-sqlite.ts';

export const KIT_SIM_ORIGIN = 'http://sim.test';
export const KIT_PUBLIC_URL = 'http://127.0.0.1:8787';
export const ALICE_US = 'e5b4a2c6-8f1b-4a5d-9c7e-0b6f9d2a4e55';
export const BOB_ACCOUNT = '18d7c5f9-1c4e-4d8a-8fab-3e9c2a5d7b88';
/** Two active keys on Alice's account (a rotation in progress); Bob's account has its own. */
export const KEYS = { aliceOld: 'sim-connect-hmac-na2-key1', aliceNew: 'sim-connect-hmac-na2-key2-rotated', bob: 'sim-connect-hmac-na3-key1-bob' };

export function connectSeed(): SimSeed {
  const seed = loadDefaultSeed();
  return {
    ...seed,
    accounts: seed.accounts.map((a) =>
      a.accountId === ALICE_US ? { ...a, connectHmacKeys: [KEYS.aliceOld, KEYS.aliceNew] } : a.accountId === BOB_ACCOUNT ? { ...a, connectHmacKeys: [KEYS.bob] } : a,
    ),
  };
}

export function createConnectKit(options: { keys?: Map<string, string[]>; serverDown?: () => boolean } = {}) {
  const db = new Database(':memory:');
  db.exec(STATUS_MIGRATION_SQL);
  const store = createSqliteStatusStore(db);
  const bus = createStatusBus();
  const clock: { sim?: Sim } = {};
  const now = () => clock.sim?.control.now() ?? 0;
  const ingest = createIngest(store, (e) => bus.publish(e), now);
  const log = memoryLogger();
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('requestId', 'test');
    c.set('log', log);
    await next();
  });
  const keys = options.keys ?? new Map([[ALICE_US, [KEYS.aliceOld, KEYS.aliceNew]], [BOB_ACCOUNT, [KEYS.bob]]]);
  app.route('/', connectRoutes({ keys, ingest }));
  const received: Request[] = [];
  const sim = createSim({
    origin: KIT_SIM_ORIGIN,
    startTime: Date.UTC(2026, 10, 21, 10),
    seed: connectSeed(),
    connectFetch: async (input, init) => {
      if (options.serverDown?.()) throw new TypeError('fetch failed');
      const request = new Request(input, init);
      received.push(request.clone());
      return app.request(request);
    },
  });
  clock.sim = sim;
  return { sim, app, store, bus, log, db, received, ingest };
}

export const CONNECT_URL = `${KIT_PUBLIC_URL}${CONNECT_PATH}`;

/** The `eventNotification` SignBridge puts on each envelope. */
export const eventNotification = {
  url: CONNECT_URL,
  requireAcknowledgment: 'true',
  includeHMAC: 'true',
  deliveryMode: 'SIM',
  events: ['envelope-sent', 'envelope-delivered', 'envelope-completed', 'envelope-declined', 'envelope-voided', 'recipient-sent', 'recipient-delivered', 'recipient-completed', 'recipient-declined'],
  eventData: { version: 'restv2.1', format: 'json', includeData: ['recipients'] },
};

/** What the server records when it sends: Alice's envelope with two e-mail signers. */
export function tracked(envelopeId: string, now: number, accountId = ALICE_US): TrackedEnvelope {
  return {
    tenant: '',
    principal: 'a1f0c8e2-4b7d-4c19-9e3a-6d2b5f8c0a11',
    accountId,
    envelopeId,
    subject: 'Please sign the contract',
    source: { url: 'http://127.0.0.1:8080/crm/opportunity/42', title: 'Opportunity 42' },
    documents: ['Contract.pdf'],
    status: 'sent',
    sentAt: now,
    updatedAt: now,
    recipients: [
      { recipientId: '1', kind: 'signer', name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1, status: 'sent', sentAt: now },
      { recipientId: '2', kind: 'signer', name: 'Eve Ek', email: 'eve@example.org', routingOrder: 2, status: 'created' },
    ],
  };
}

export const twoSignerEnvelope = (extra: Record<string, unknown> = {}) => ({
  emailSubject: 'Please sign the contract',
  status: 'sent',
  documents: [{ documentId: '1', name: 'Contract.pdf', fileExtension: 'pdf', documentBase64: Buffer.from(makePdf(1)).toString('base64') }],
  recipients: {
    signers: [
      { recipientId: '1', routingOrder: '1', email: 'dana@example.org', name: 'Dana Doe' },
      { recipientId: '2', routingOrder: '2', email: 'eve@example.org', name: 'Eve Ek' },
    ],
  },
  eventNotification,
  ...extra,
});
