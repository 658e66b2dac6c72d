/**
 * Organization members and envelope status: a member sees and acts on every envelope its tenant sent,
 * never another tenant's (403, no DocuSign call), and never a linked login's. The routes run with a
 * caller set directly and fake DocuSign actions that count their calls.
 */
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import type { Caller } from './caller.ts';
import type { SenderCredentials } from './credentials.ts';
import type { DocuSignActions } from './docusign-actions.ts';
import type { AppEnv } from './env.ts';
import { ApiError } from './http-error.ts';
import { memoryLogger } from './log.ts';
import { statusRoutes } from './routes/status.ts';
import { openStore } from './db/open.ts';
import { createIngest } from './status-ingest.ts';
import type { EnvelopeListResponse } from '../shared/status-api.ts';
import { tracked } from '../../test/support/connect-kit.ts';

const member = (tenant: string, sub: string): Caller => ({ kind: 'member', tenant, principal: sub, member: { sub, email: `${sub}@x.example`, name: sub, groups: [] }, sessionId: 's' });

async function world() {
  const store = openStore(':memory:');
  const calls: string[] = [];
  const actions: DocuSignActions = {
    remind: (_ctx, id, ids) => (calls.push(`remind ${id}`), Promise.resolve([...ids])),
    voidEnvelope: (_ctx, id) => (calls.push(`void ${id}`), Promise.resolve()),
    combinedPdf: (_ctx, id) => (calls.push(`pdf ${id}`), Promise.resolve({ body: new Blob(['%PDF-1.4']).stream() })),
  };
  const credentials: SenderCredentials = {
    forAccount: (caller, accountId) =>
      Promise.resolve({ accountId, context: () => Promise.resolve({ token: `t-${caller.tenant}`, baseUri: 'http://x', accountId }), rejected: () => Promise.reject(new Error('401')) }),
  };
  const ingest = createIngest(store.status, () => undefined, () => 5000);
  const as = (caller: Caller) => {
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('log', memoryLogger());
      c.set('caller', caller);
      await next();
    });
    app.route('/v1/envelopes', statusRoutes({ status: store.status, ingest, credentials, actions, now: () => 5000 }));
    app.onError((e, c) => (e instanceof ApiError ? c.json({ error: { code: e.code } }, e.status as 403) : c.json({ error: String(e) }, 500)));
    return app;
  };
  const adamsEnvelope = '11111111-1111-4111-8111-111111111111';
  const northwindEnvelope = '22222222-2222-4222-8222-222222222222';
  const linkedEnvelope = '33333333-3333-4333-8333-333333333333';
  await store.status.track({ ...tracked(adamsEnvelope, 1000), tenant: 'adams', principal: 'dana' });
  await store.status.track({ ...tracked(northwindEnvelope, 1000), tenant: 'northwind', principal: 'erin' });
  await store.status.track(tracked(linkedEnvelope, 1000));
  return { as, calls, adamsEnvelope, northwindEnvelope, linkedEnvelope };
}

describe('members and envelope status', () => {
  test('a colleague in the tenant sees and acts on the tenant’s envelope', async () => {
    const w = await world();
    const colleague = w.as(member('adams', 'adam'));
    const list = (await (await colleague.request('/v1/envelopes')).json()) as EnvelopeListResponse;
    expect(list.envelopes.map((e) => e.envelopeId)).toEqual([w.adamsEnvelope]);
    expect((await colleague.request(`/v1/envelopes/${w.adamsEnvelope}/reminders`, { method: 'POST' })).status).toBe(200);
    const voided = await colleague.request(`/v1/envelopes/${w.adamsEnvelope}/void`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"Duplicate"}' });
    expect(await voided.json()).toMatchObject({ status: 'voided', voidedReason: 'Duplicate' });
    expect(w.calls).toEqual([`remind ${w.adamsEnvelope}`, `void ${w.adamsEnvelope}`]);
  });

  test('another tenant’s or a linked login’s envelope: 403 and no DocuSign call', async () => {
    const w = await world();
    const outsider = w.as(member('northwind', 'erin'));
    for (const id of [w.adamsEnvelope, w.linkedEnvelope]) {
      for (const [method, path] of [['GET', ''], ['POST', '/reminders'], ['GET', '/document']] as const) {
        const res = await outsider.request(`/v1/envelopes/${id}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
    }
    expect(w.calls).toEqual([]);
    const mine = (await (await outsider.request('/v1/envelopes')).json()) as EnvelopeListResponse;
    expect(mine.envelopes.map((e) => e.envelopeId)).toEqual([w.northwindEnvelope]);
  });
});
