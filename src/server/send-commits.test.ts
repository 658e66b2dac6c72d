/**
 * What one send writes to the store, in order with its DocuSign call: the claim (and its renewal)
 * durable before DocuSign is asked, the outcome, the envelope and its status in one commit before the
 * answer. The instance's heartbeat is left out: it is written per instance every few seconds, not per send.
 */
import { afterEach, expect, test } from 'vitest';
import type { EnvelopeResponse } from '../shared/api.ts';
import { describeEachStore } from '../../test/support/postgres.ts';
import { recordingStore } from '../../test/support/recording-store.ts';
import { createKit, send } from '../../test/support/server-kit.ts';
import { LINKED_TENANT } from './caller.ts';
import { openStore } from './db/open.ts';
import type { Store } from './store.ts';

const CREATE = /\/restapi\/v2\.1\/accounts\/[^/]+\/envelopes$/;

describeEachStore('store commits per send', (backend) => {
  const opened: Store[] = [];
  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });

  /** A kit whose store and DocuSign calls note into one list. */
  const recordedKit = async (fail?: (name: string, args: unknown[]) => void) => {
    const store = openStore(await backend.location());
    opened.push(store);
    await store.ready();
    const events: string[] = [];
    const kit = createKit({
      store: recordingStore(store, events, fail),
      wrapFetch: (fetch) => async (input, init) => {
        const request = new Request(input, init);
        const create = request.method === 'POST' && CREATE.test(new URL(request.url).pathname);
        if (create) events.push('DocuSign: createEnvelope');
        const res = await fetch(request);
        if (create) events.push(`DocuSign answered ${res.status}`);
        return res;
      },
    });
    return { kit, events, sendEvents: () => events.filter((e) => e !== 'heartbeat') };
  };

  test('a new send: claim and renew before DocuSign, then one commit for the outcome, the envelope and its status', async () => {
    const { kit, sendEvents } = await recordedKit();
    const token = await kit.login();
    const res = await send(kit.app, { token, key: 'key-commits-0001' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as EnvelopeResponse;
    expect(sendEvents()).toEqual(['claim', 'renew', 'DocuSign: createEnvelope', 'DocuSign answered 201', 'recordSend']);
    // All three made it in that one commit.
    expect(await kit.store.getEnvelope(LINKED_TENANT, body.accountId, body.envelopeId)).toMatchObject({ requestId: body.requestId });
    expect((await kit.store.status.get(body.envelopeId))?.status).toBe('sent');
    const replay = await send(kit.app, { token, key: 'key-commits-0001' });
    expect(((await replay.json()) as EnvelopeResponse).envelopeId).toBe(body.envelopeId);
    expect(kit.sim.control.envelopes()).toHaveLength(1);
  });

  test('a replay writes only its claim (which finds the answer)', async () => {
    const { kit, events, sendEvents } = await recordedKit();
    const token = await kit.login();
    expect((await send(kit.app, { token, key: 'key-commits-0002' })).status).toBe(201);
    events.length = 0;
    expect((await send(kit.app, { token, key: 'key-commits-0002' })).status).toBe(201);
    expect(sendEvents()).toEqual(['claim']);
  });

  test('the status record failing does not fail the send: the outcome is committed without it', async () => {
    const { kit, sendEvents } = await recordedKit((name, args) => {
      const [record] = args as [{ tracked?: unknown } | undefined];
      if (name === 'recordSend' && record?.tracked !== undefined) throw new Error('status table unwritable');
    });
    const token = await kit.login();
    const res = await send(kit.app, { token, key: 'key-commits-0003' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as EnvelopeResponse;
    expect(sendEvents()).toEqual(['claim', 'renew', 'DocuSign: createEnvelope', 'DocuSign answered 201', 'recordSend', 'recordSend']);
    expect(kit.log.lines.some((l) => l.includes('envelope status not recorded'))).toBe(true);
    expect(await kit.store.status.get(body.envelopeId)).toBeUndefined();
    // The outcome was kept: the retry replays it, nothing is sent again.
    const replay = await send(kit.app, { token, key: 'key-commits-0003' });
    expect(((await replay.json()) as EnvelopeResponse).envelopeId).toBe(body.envelopeId);
    expect(kit.sim.control.envelopes()).toHaveLength(1);
  });
});
