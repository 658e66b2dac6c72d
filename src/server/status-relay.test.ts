/**
 * Live status across instances on one PostgreSQL: Connect reaches instance A while the page's stream is
 * held by instance B; B's stream still reports the change (PostgreSQL LISTEN/NOTIFY, status-relay.ts).
 */
import { afterEach, expect, test } from 'vitest';
import { createConnectKit } from '../../test/support/connect-kit.ts';
import { createPostgresDatabase, describePostgres } from '../../test/support/postgres.ts';
import { sseReader } from '../../test/support/sse.ts';
import type { EnvelopeStatusView } from '../shared/status-api.ts';
import { createApp } from './app.ts';
import { openStore } from './db/open.ts';
import { memoryLogger } from './log.ts';

describePostgres('live status across instances', (adminUrl) => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (closing.length > 0) await closing.pop()?.();
  });

  test('Connect stored by one instance reaches a stream held by another; the sender’s own stream too', async () => {
    const database = await createPostgresDatabase(adminUrl);
    closing.push(() => database.drop());
    const storeA = openStore(database.url);
    const storeB = openStore(database.url);
    closing.push(() => storeA.close(), () => storeB.close());
    // The simulator delivers Connect to instance A (the kit's app); B shares its store's database only.
    const kit = createConnectKit({ store: storeA });
    const b = createApp({ config: kit.config, log: memoryLogger('warn'), fetch: kit.sim.fetch, store: storeB, now: () => kit.sim.control.now() });
    const alice = await kit.login('alice');
    const envelopeId = await kit.sendEmail(alice);

    const abort = new AbortController();
    closing.push(() => Promise.resolve(abort.abort()));
    const open = async (app: typeof b) =>
      sseReader(await app.request('/v1/envelope-events', { headers: { authorization: `Bearer ${alice}` }, signal: abort.signal }));
    const onB = await open(b);
    const onA = await open(kit.app);
    expect((await onB()).event).toBe('ready');
    expect((await onA()).event).toBe('ready');

    kit.sim.control.actAsRecipient(envelopeId, '1', 'sign');
    await kit.sim.control.settle();
    // Each stream reports the envelope until the first signer's signature (B may skip a step that it
    // reads from the store after a later one was stored).
    for (const next of [onB, onA]) {
      let view: EnvelopeStatusView | undefined;
      while (view?.recipients[0]?.status !== 'completed') {
        const e = await next();
        expect(e.event).toBe('envelope');
        view = JSON.parse(e.data) as EnvelopeStatusView;
        expect(view.envelopeId).toBe(envelopeId);
      }
      expect(view.recipients[0]?.name).toBe('Dana Doe');
    }
  });
});
