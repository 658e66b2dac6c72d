/** What reading an upload computes: a document's pages only when a field is placed on a page. */
import { Hono } from 'hono';
import { expect, test } from 'vitest';
import { envelopeForm, envelopeRequest, pdf } from '../../test/support/server-kit.ts';
import type { AppEnv } from './env.ts';
import { LIMITS } from '../shared/api.ts';
import { sendPhases } from './send-phases.ts';
import { readEnvelopeUpload } from './upload.ts';

const app = new Hono<AppEnv>().post('/', async (c) => {
  const { documents } = await readEnvelopeUpload(c, LIMITS, sendPhases());
  return c.json(documents.map((d) => d.pages ?? null));
});

const pagesOf = async (request: unknown): Promise<unknown> =>
  (await app.request('/', { method: 'POST', body: envelopeForm(request, [{ bytes: pdf(3), name: 'Offer.pdf' }]) })).json() as Promise<unknown>;

test('a PDF is scanned for its pages when a field is placed on one, and only then', async () => {
  const placed = { name: 'Dana Doe', email: 'dana@example.org', routingOrder: 1, fields: [{ kind: 'signHere' as const, document: 1, page: 2, x: 100, y: 100 }] };
  expect(await pagesOf(envelopeRequest({ signers: [placed] }))).toEqual([{ count: 3, width: 612, height: 792 }]);
  const anchored = { ...placed, fields: [{ kind: 'signHere' as const, anchor: '/sig/' }] };
  expect(await pagesOf(envelopeRequest({ signers: [anchored] }))).toEqual([null]);
  expect(await pagesOf(envelopeRequest())).toEqual([null]);
});
