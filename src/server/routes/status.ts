/**
 * Envelope status for the extension, answered from the store (what Connect taught), never by asking
 * DocuSign: `GET /v1/envelopes` (recent, or those of one page), `GET /v1/envelopes/{id}`; and the actions
 * of the status panel: `POST .../reminders`, `POST .../void`, `GET .../document` (the combined PDF with its
 * certificate). Each is for the envelope's owner only: the linked login that sent it, or any member of
 * the tenant that sent it; anyone else gets 403 before any DocuSign call.
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { ErrorCodes } from '../../shared/errors.ts';
import { VoidRequest, type EnvelopeListResponse, type ReminderResponse } from '../../shared/status-api.ts';
import type { Caller } from '../caller.ts';
import type { SenderCredentials } from '../credentials.ts';
import type { DocuSignActions } from '../docusign-actions.ts';
import { DocuSignError, type ApiContext } from '../docusign.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http-error.ts';
import type { Ingest } from '../status-ingest.ts';
import { toView, type TrackedEnvelope } from '../status-model.ts';
import type { StatusStore } from '../status-store.ts';
import { bad, issueText, readSmallJson } from '../upload.ts';

export interface StatusDeps {
  status: StatusStore;
  ingest: Ingest;
  credentials: SenderCredentials;
  actions: DocuSignActions;
  now: () => number;
}

const ENVELOPE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_LIST = 200;

/** Whose envelopes a caller sees: a linked login its own, a member its tenant's. */
export const viewerOf = (caller: Caller) => ({ owner: { tenant: caller.tenant, principal: caller.principal }, wholeTenant: caller.kind === 'member' });

const mayUse = (caller: Caller, e: TrackedEnvelope): boolean =>
  e.tenant === caller.tenant && (caller.kind === 'member' || e.principal === caller.principal);

/** The page an envelope was sent from, as the server keeps it: origin and path. */
export function pageKey(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.origin}${u.pathname}` : undefined;
  } catch {
    return undefined;
  }
}

export function statusRoutes(deps: StatusDeps): Hono<AppEnv> {
  const { status, credentials, actions } = deps;
  const app = new Hono<AppEnv>();

  async function owned(c: Context<AppEnv>): Promise<TrackedEnvelope> {
    const id = c.req.param('envelopeId') ?? '';
    const e = ENVELOPE_ID.test(id) ? await status.get(id) : undefined;
    if (e === undefined) throw new ApiError(404, ErrorCodes.NOT_FOUND, 'SignBridge did not send this envelope.');
    if (!mayUse(c.get('caller'), e)) throw new ApiError(403, ErrorCodes.ENVELOPE_NOT_ALLOWED, 'This envelope was sent by someone else; only they can see or change it here.');
    return e;
  }

  /** A DocuSign call with the caller's credentials for the envelope's account; a 401 is explained. */
  async function withDocuSign<T>(c: Context<AppEnv>, e: TrackedEnvelope, call: (ctx: ApiContext) => Promise<T>): Promise<T> {
    const sender = await credentials.forAccount(c.get('caller'), e.accountId);
    try {
      return await call(await sender.context());
    } catch (error) {
      if (error instanceof DocuSignError && error.status === 401) return sender.rejected(error);
      throw error;
    }
  }

  const inProgress = (e: TrackedEnvelope, action: string) => {
    if (e.status !== 'sent' && e.status !== 'delivered') {
      throw new ApiError(409, ErrorCodes.ENVELOPE_NOT_IN_PROGRESS, `This envelope is ${e.status}; only an envelope still out for signature can be ${action}.`);
    }
  };

  app.get('/', async (c) => {
    const source = c.req.query('source');
    const sourceUrl = source === undefined ? undefined : pageKey(source);
    if (source !== undefined && (sourceUrl === undefined || source.length > 2048)) throw bad('source must be the http(s) URL of a page.');
    const limit = Math.min(MAX_LIST, Math.max(1, Number(c.req.query('limit') ?? 50) || 50));
    const list = await status.list({ ...viewerOf(c.get('caller')), ...(sourceUrl !== undefined ? { sourceUrl } : {}), limit });
    const body: EnvelopeListResponse = { envelopes: list.map(toView) };
    return c.json(body, 200, { 'Cache-Control': 'no-store' });
  });

  app.get('/:envelopeId', async (c) => c.json(toView(await owned(c)), 200, { 'Cache-Control': 'no-store' }));

  app.post('/:envelopeId/reminders', async (c) => {
    const e = await owned(c);
    inProgress(e, 'reminded');
    const current = e.recipients.filter((r) => r.kind === 'signer' && (r.status === 'sent' || r.status === 'delivered')).map((r) => r.recipientId);
    if (current.length === 0) throw new ApiError(409, ErrorCodes.ENVELOPE_NOT_IN_PROGRESS, 'No signer is waiting to sign right now.');
    const reminded = await withDocuSign(c, e, (ctx) => actions.remind(ctx, e.envelopeId, current));
    c.get('log').info('envelope reminded', { envelopeId: e.envelopeId, recipients: reminded.length });
    const body: ReminderResponse = { reminded };
    return c.json(body, 200);
  });

  app.post('/:envelopeId/void', async (c) => {
    const parsed = v.safeParse(VoidRequest, await readSmallJson(c, 4096));
    if (!parsed.success) throw bad(`The void request is not valid: ${issueText(parsed.issues)}.`);
    const e = await owned(c);
    inProgress(e, 'voided');
    await withDocuSign(c, e, (ctx) => actions.voidEnvelope(ctx, e.envelopeId, parsed.output.reason));
    // DocuSign said yes: record it now (Connect confirms it later; the merge makes that a no-op).
    const at = Math.floor(deps.now());
    const result = await deps.ingest.submit({ accountId: e.accountId, envelopeId: e.envelopeId, at, status: 'voided', times: { voidedAt: at }, voidedReason: parsed.output.reason, recipients: [] });
    c.get('log').info('envelope voided', { envelopeId: e.envelopeId });
    return c.json(toView(result.kind === 'applied' ? result.envelope : e), 200);
  });

  app.get('/:envelopeId/document', async (c) => {
    const e = await owned(c);
    const pdf = await withDocuSign(c, e, (ctx) => actions.combinedPdf(ctx, e.envelopeId));
    const name = `${(e.documents[0] ?? 'Envelope').replace(/\.[a-z0-9]{1,5}$/i, '').replace(/[^\w .()-]/g, '_').slice(0, 80) || 'Envelope'}.pdf`;
    return new Response(pdf.body, {
      status: 200,
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
        ...(pdf.length !== undefined ? { 'Content-Length': pdf.length } : {}),
      },
    });
  });
  return app;
}
