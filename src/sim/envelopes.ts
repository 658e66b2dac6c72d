/**
 * eSignature envelopes under `/{site}/restapi/v2.1/accounts/{accountId}`: create (JSON and multipart),
 * get (with the polling rule), list status changes (from_date, custom_field), documents.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { parseDefinition, MAX_DOCUMENT_BYTES, type UploadedDocument } from './definition.ts';
import type { SimDeps } from './deps.ts';
import type { SimEnv } from './env.ts';
import { Errors, esignError, esignErrorResponse, EsignError } from './errors.ts';
import { maySee } from './esign-auth.ts';
import { markVoided, sendEnvelope } from './lifecycle.ts';
import { scalar } from './body.ts';
import { parseMultipart } from './multipart.ts';
import { makePdf } from './pdf.ts';
import { dsDate, envelopeJson, pagesJson, recipientsJson } from './serialize.ts';
import type { SimEnvelope } from './types.ts';

/** One 25 MB document as base64 plus the JSON around it; a multipart request may carry raw bytes of several. */
const MAX_REQUEST_BYTES = Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 2 * 1024 * 1024;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readDefinition(c: Context<SimEnv>): Promise<{ body: unknown; uploads: Map<string, UploadedDocument> }> {
  const type = c.req.header('content-type') ?? '';
  const raw = new Uint8Array(await c.req.arrayBuffer());
  const uploads = new Map<string, UploadedDocument>();
  const json = (bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    } catch (error) {
      throw Errors.badBody(error instanceof Error ? error.message : 'Invalid JSON.');
    }
  };
  if (/^application\/json/i.test(type)) return { body: json(raw), uploads };
  if (/^multipart\/form-data/i.test(type)) {
    const parts = parseMultipart(raw, type);
    const [first, ...rest] = parts ?? [];
    if (!first) throw Errors.badBody('The multipart body could not be read.');
    for (const part of rest) {
      const id = part.params['documentid'];
      if (id === undefined) continue;
      uploads.set(id, { bytes: part.body, ...(part.params['filename'] !== undefined ? { filename: part.params['filename'] } : {}) });
    }
    return { body: json(first.body), uploads };
  }
  throw esignError(415, 'INVALID_CONTENT_TYPE', 'Content Type specified is not supported.');
}

function senderOf(deps: SimDeps, e: SimEnvelope) {
  const user = deps.store.users.get(e.createdBy.sub);
  return { userName: user?.name ?? '', userId: e.createdBy.sub, email: user?.email ?? '' };
}

export function findEnvelope(c: Context<SimEnv>, deps: SimDeps): SimEnvelope {
  const id = c.req.param('envelopeId') ?? '';
  const e = GUID.test(id) ? deps.store.envelopes.get(id.toLowerCase()) : undefined;
  if (!e || e.accountId !== c.get('accountId')) throw Errors.envelopeMissing();
  if (!maySee(deps.store, e.accountId, c.get('sub'), e.createdBy.sub)) throw Errors.lacksPermissions();
  return e;
}

const includes = (value: string | undefined): Set<string> => new Set((value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));

/** Runs a handler and turns a thrown EsignError into DocuSign's error body. */
export const guarded =
  (handler: (c: Context<SimEnv>) => Promise<Response> | Response) =>
  async (c: Context<SimEnv>): Promise<Response> => {
    try {
      return await handler(c);
    } catch (error) {
      if (error instanceof EsignError) return esignErrorResponse(c, error);
      throw error;
    }
  };

export function envelopeRoutes(deps: SimDeps): Hono<SimEnv> {
  const { store } = deps;
  const app = new Hono<SimEnv>();

  app.post(
    '/envelopes',
    bodyLimit({
      maxSize: MAX_REQUEST_BYTES,
      // UNCONFIRMED code: a request far past the 25 MB document limit.
      onError: (c) => esignErrorResponse(c as Context<SimEnv>, esignError(413, 'MAX_DOCUMENT_SIZE_EXCEEDED', 'The request exceeds the maximum size of 25 MB per document.')),
    }),
    guarded(async (c) => {
      const { body, uploads } = await readDefinition(c);
      const def = parseDefinition(store, c.get('accountId'), body, uploads);
      const now = store.now();
      const envelope: SimEnvelope = {
        accountId: c.get('accountId'),
        envelopeId: crypto.randomUUID(),
        status: 'created',
        emailSubject: def.emailSubject,
        ...(def.emailBlurb !== undefined ? { emailBlurb: def.emailBlurb } : {}),
        recipients: { signers: def.signers, carbonCopies: def.carbonCopies },
        customFields: def.customFields,
        documents: def.documents,
        createdBy: { clientId: c.get('clientId'), sub: c.get('sub') },
        ...(def.templateId !== undefined ? { templateId: def.templateId } : {}),
        ...(def.eventNotification ? { eventNotification: def.eventNotification } : {}),
        createdDateTime: now,
        statusChangedDateTime: now,
        lastModifiedDateTime: now,
      };
      store.envelopes.set(envelope.envelopeId, envelope);
      if (def.status === 'sent') sendEnvelope(envelope, now, deps.announce);
      return c.json(
        { envelopeId: envelope.envelopeId, uri: `/envelopes/${envelope.envelopeId}`, statusDateTime: dsDate(envelope.statusChangedDateTime), status: envelope.status },
        201,
      );
    }),
  );

  app.get(
    '/envelopes/:envelopeId',
    guarded((c) => {
      const e = findEnvelope(c, deps);
      const poll = deps.limiter.poll(e.envelopeId);
      if (poll.violation) c.set('pollingViolation', true);
      if (poll.refused) throw poll.refused;
      return c.json(envelopeJson(e, includes(c.req.query('include')), senderOf(deps, e)));
    }),
  );

  app.get(
    '/envelopes',
    guarded((c) => {
      const q = c.req.query();
      const ids = q['envelope_ids'] ? new Set(q['envelope_ids'].split(',').map((s) => s.trim().toLowerCase())) : undefined;
      const date = (name: string): number | undefined => {
        const v = q[name];
        if (v === undefined) return undefined;
        const t = Date.parse(v);
        if (Number.isNaN(t)) throw Errors.invalidParameter(`The value of '${name}' is not a valid date.`);
        return t;
      };
      const from = date('from_date');
      const to = date('to_date');
      if (from === undefined && !ids && !q['transaction_ids']) throw Errors.invalidParameter("A value for 'from_date' must be set.");
      const statuses = q['status'] ? new Set(q['status'].toLowerCase().split(',')) : undefined;
      // custom_field=name=value (DocuSign's syntax: the first '=' separates the field name from its value).
      const cf = q['custom_field'];
      const eq = cf?.indexOf('=') ?? -1;
      if (cf !== undefined && eq <= 0) throw Errors.invalidParameter("custom_field must be 'name=value'.");
      const [cfName, cfValue] = cf !== undefined ? [cf.slice(0, eq), cf.slice(eq + 1)] : [undefined, undefined];
      const found = [...store.envelopes.values()]
        .filter((e) => e.accountId === c.get('accountId') && maySee(store, e.accountId, c.get('sub'), e.createdBy.sub))
        .filter((e) => !ids || ids.has(e.envelopeId))
        .filter((e) => from === undefined || e.statusChangedDateTime >= from)
        .filter((e) => to === undefined || e.statusChangedDateTime <= to)
        .filter((e) => !statuses || statuses.has('any') || statuses.has(e.status))
        .filter((e) => cfName === undefined || [...e.customFields.textCustomFields, ...e.customFields.listCustomFields].some((f) => f.name === cfName && f.value === cfValue))
        .sort((a, b) => a.statusChangedDateTime - b.statusChangedDateTime);
      const start = Math.max(0, Number(q['start_position'] ?? 0) || 0);
      const count = Math.min(1000, Math.max(1, Number(q['count'] ?? 100) || 100));
      const page = found.slice(start, start + count);
      const include = includes(q['include']);
      return c.json({
        resultSetSize: String(page.length),
        totalSetSize: String(found.length),
        startPosition: String(start),
        endPosition: String(Math.max(start, start + page.length - 1)),
        ...(page.length > 0 ? { envelopes: page.map((e) => envelopeJson(e, include, senderOf(deps, e))) } : {}),
      });
    }),
  );

  // Send a draft ({"status":"sent"}) or void an envelope in progress ({"status":"voided","voidedReason"}).
  app.put(
    '/envelopes/:envelopeId',
    guarded(async (c) => {
      const e = findEnvelope(c, deps);
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text() || '{}');
      } catch (error) {
        throw Errors.badBody(error instanceof Error ? error.message : 'Invalid JSON.');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw Errors.badBody('Expected a JSON object.');
      const status = scalar(body as Record<string, unknown>, 'status', '')?.toLowerCase();
      const now = store.now();
      if (status === 'sent') {
        // UNCONFIRMED code for sending an envelope that is not a draft.
        if (e.status !== 'created') throw esignError(400, 'ENVELOPE_INVALID_STATUS', `Invalid envelope status: only a draft can be sent (it is ${e.status}).`);
        if (e.documents.length === 0 || e.recipients.signers.length + e.recipients.carbonCopies.length === 0 || !e.emailSubject) {
          throw esignError(400, 'ENVELOPE_IS_INCOMPLETE', 'The Envelope is not Complete. A Complete Envelope Requires Documents, Recipients, Tabs, and a Subject Line.');
        }
        sendEnvelope(e, now, deps.announce);
      } else if (status === 'voided') {
        const reason = scalar(body as Record<string, unknown>, 'voidedReason', '') ?? '';
        // UNCONFIRMED codes: only envelopes in progress can be voided, and DocuSign asks for a reason.
        if (e.status !== 'sent' && e.status !== 'delivered') throw esignError(400, 'ENVELOPE_CANNOT_VOID_INVALID_STATE', `Only an envelope in progress can be voided (it is ${e.status}).`);
        if (!reason.trim()) throw esignError(400, 'VOIDED_REASON_REQUIRED', 'A voidedReason is required to void an envelope.');
        markVoided(e, reason.slice(0, 200), now, deps.announce);
      } else {
        throw esignError(400, 'SIMULATOR_UNSUPPORTED', 'The DocuSign simulator updates an envelope only to send a draft or void it.');
      }
      return c.json({ envelopeId: e.envelopeId });
    }),
  );

  app.get(
    '/envelopes/:envelopeId/recipients',
    guarded((c) => {
      const e = findEnvelope(c, deps);
      // A recipients read is a status read too, under the same polling rule.
      const poll = deps.limiter.poll(e.envelopeId);
      if (poll.violation) c.set('pollingViolation', true);
      if (poll.refused) throw poll.refused;
      return c.json(recipientsJson(e, c.req.query('include_tabs') === 'true'));
    }),
  );

  app.get(
    '/envelopes/:envelopeId/documents',
    guarded((c) => {
      const e = findEnvelope(c, deps);
      return c.json({
        envelopeId: e.envelopeId,
        envelopeDocuments: e.documents.map((d, i) => ({
          documentId: d.documentId,
          name: d.name,
          type: 'content',
          uri: `/envelopes/${e.envelopeId}/documents/${d.documentId}`,
          order: String(i + 1),
          pages: pagesJson(d.pages),
        })),
      });
    }),
  );

  app.get(
    '/envelopes/:envelopeId/documents/:documentId',
    guarded((c) => {
      const e = findEnvelope(c, deps);
      const documentId = c.req.param('documentId');
      c.header('Content-Type', 'application/pdf');
      if (documentId === 'combined') {
        // The simulator does not merge PDFs: it renders one PDF with as many pages as the documents have,
        // plus the certificate of completion unless `certificate=false` (spec Documents_GetDocument).
        const certificate = c.req.query('certificate')?.toLowerCase() !== 'false';
        const pages = e.documents.reduce((n, d) => n + d.pages, 0) + (certificate ? 1 : 0);
        c.header('Content-Disposition', `file; filename="${e.envelopeId}.pdf"`);
        return c.body(makePdf(pages, e.emailSubject || 'Combined').slice());
      }
      const doc = e.documents.find((d) => d.documentId === documentId);
      if (!doc) throw esignError(400, 'DOCUMENT_DOES_NOT_EXIST', 'The document specified was not found.');
      c.header('Content-Disposition', `file; filename="${doc.name.replace(/["\r\n]/g, '')}"; documentid=${doc.documentId}`);
      if (doc.fileExtension !== 'pdf') c.header('Content-Type', 'application/octet-stream');
      return c.body(doc.bytes.slice());
    }),
  );

  return app;
}
