/**
 * The DocuSign calls behind the status panel's actions, beside the main client (docusign.ts):
 * - remind: `PUT .../envelopes/{id}/recipients?resend_envelope=true` with the recipients to remind
 *   (spec Recipients_PutRecipients);
 * - void: `PUT .../envelopes/{id}` `{ status: "voided", voidedReason }` (spec Envelopes_PutEnvelope);
 * - download: `GET .../envelopes/{id}/documents/combined?certificate=true`, every document and the
 *   certificate of completion in one PDF (spec Documents_GetDocument), streamed through unread.
 */
import * as v from 'valibot';
import { mapEsignError, networkError, type ApiContext, type Fetch } from './docusign.ts';
import type { Logger } from './log.ts';

export interface ActionDeps {
  fetch: Fetch;
  now: () => number;
  timeoutMs: number;
  log: Logger;
}

const UpdateSummary = v.object({
  recipientUpdateResults: v.optional(v.array(v.object({ recipientId: v.optional(v.string()), errorDetails: v.optional(v.unknown()) }))),
});

export interface DocuSignActions {
  /** The recipients DocuSign e-mailed again (a recipient past its turn is reported by DocuSign, not reminded). */
  remind(ctx: ApiContext, envelopeId: string, recipientIds: readonly string[]): Promise<string[]>;
  voidEnvelope(ctx: ApiContext, envelopeId: string, reason: string): Promise<void>;
  /** The combined PDF with its certificate, as DocuSign streams it. */
  combinedPdf(ctx: ApiContext, envelopeId: string): Promise<{ body: ReadableStream<Uint8Array>; length?: string }>;
}

export function createDocuSignActions(deps: ActionDeps): DocuSignActions {
  const url = (ctx: ApiContext, path: string) =>
    `${ctx.baseUri.replace(/\/+$/, '')}/restapi/v2.1/accounts/${encodeURIComponent(ctx.accountId)}${path}`;

  async function request(label: string, ctx: ApiContext, method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${ctx.token}`, Accept: method === 'GET' ? 'application/pdf' : 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await deps.fetch(url(ctx, path), {
        method,
        headers,
        signal: AbortSignal.timeout(deps.timeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (cause) {
      deps.log.warn('docusign call failed', { call: label, error: cause });
      throw networkError(cause);
    }
  }

  /** A refusal as the client maps it (DocuSign's error body, rate limits, ...). */
  async function refused(res: Response): Promise<never> {
    let body: unknown;
    try {
      body = (await res.json()) as unknown;
    } catch {
      body = undefined;
    }
    throw mapEsignError(res.status, body, res.headers, deps.now());
  }

  return {
    async remind(ctx, envelopeId, recipientIds) {
      const path = `/envelopes/${encodeURIComponent(envelopeId)}/recipients?resend_envelope=true`;
      const res = await request('remind', ctx, 'PUT', path, { signers: recipientIds.map((recipientId) => ({ recipientId })) });
      if (res.status !== 200) return refused(res);
      const parsed = v.safeParse(UpdateSummary, await res.json().catch(() => ({})));
      const results = parsed.success ? (parsed.output.recipientUpdateResults ?? []) : [];
      return results.filter((r) => r.errorDetails === undefined && r.recipientId !== undefined).map((r) => r.recipientId as string);
    },
    async voidEnvelope(ctx, envelopeId, reason) {
      const res = await request('void', ctx, 'PUT', `/envelopes/${encodeURIComponent(envelopeId)}`, { status: 'voided', voidedReason: reason });
      if (res.status !== 200) return refused(res);
      await res.body?.cancel();
    },
    async combinedPdf(ctx, envelopeId) {
      const res = await request('combinedPdf', ctx, 'GET', `/envelopes/${encodeURIComponent(envelopeId)}/documents/combined?certificate=true`);
      if (res.status !== 200 || res.body === null) return refused(res);
      const length = res.headers.get('content-length');
      return { body: res.body, ...(length !== null ? { length } : {}) };
    },
  };
}
