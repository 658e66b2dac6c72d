/**
 * `POST /v1/envelopes` and `POST /v1/envelopes/{id}/signing-sessions`.
 *
 * Exactly once: after the request is read and validated, its key and hash are claimed in SQLite before
 * DocuSign is called. A duplicate arriving while the first is in flight in this process waits for the
 * first's answer; a finished key replays its answer; a key whose earlier answer was lost (timeout,
 * dropped connection, 5xx) is resumed with the SAME request id, and the envelope is looked up by that id
 * (custom field `signbridge_request_id`) before anything is created again.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import * as v from 'valibot';
import {
  ENVELOPE_DOCUMENT_PART,
  ENVELOPE_REQUEST_PART,
  EnvelopeRequest,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
  ConsoleViewRequest,
  type ConsoleViewResponse,
  SigningSessionRequest,
  type EnvelopeResponse,
  type SigningSessionResponse,
} from '../shared/api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import type { AppEnv } from './app.ts';
import { DocuSignError, type ApiContext, type DocuSignClient } from './docusign.ts';
import {
  buildDefinition,
  envelopeBody,
  planRecipients,
  REQUEST_ID_FIELD,
  requestHash,
  type PlannedRecipient,
  type PreparedDocument,
} from './envelope.ts';
import { cleanFilename } from './filename.ts';
import { ApiError } from './http-error.ts';
import { bearerToken, findAccount, type Identity } from './identity.ts';
import { boundaryOf, MultipartError, readMultipart, type FilePart } from './multipart.ts';
import { sniffType } from './sniff.ts';
import type { Store } from './store.ts';
import { readAtMost } from '../shared/stream.ts';

export interface Limits {
  maxDocumentBytes: number;
  maxDocuments: number;
  maxRequestBytes: number;
}

export interface EnvelopeDeps {
  client: DocuSignClient;
  identity: Identity;
  store: Store;
  now: () => number;
  limits: Limits;
  publicUrl: string;
  /** This server instance, for the idempotency lease. */
  instanceId: string;
  /** How long a claimed key is ours before another instance may resume it. */
  leaseMs: number;
}

type Answer = { status: 201; body: EnvelopeResponse };

const issueText = (issues: readonly v.BaseIssue<unknown>[]): string =>
  issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');

const bad = (message: string) => new ApiError(400, ErrorCodes.BAD_REQUEST, message);

function prepareDocuments(files: FilePart[], limits: Limits): PreparedDocument[] {
  if (files.length === 0) throw bad('Attach at least one document as a "document" part.');
  if (files.length > limits.maxDocuments) {
    throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `Send at most ${limits.maxDocuments} documents in one envelope.`);
  }
  return files.map((file, i) => {
    if (file.size === 0) throw bad(`The document "${file.filename.slice(0, 100)}" is empty.`);
    const headChunks: Uint8Array[] = [];
    for (let got = 0, i = 0; got < 64 * 1024 && i < file.chunks.length; i++) {
      const chunk = file.chunks[i] as Uint8Array;
      headChunks.push(chunk);
      got += chunk.byteLength;
    }
    const head = Buffer.concat(headChunks).subarray(0, 64 * 1024);
    const type = sniffType(head);
    if (type === undefined) {
      throw new ApiError(
        415,
        ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
        `"${file.filename.slice(0, 100)}" is not a document type DocuSign can take here (PDF, Word, Excel, PowerPoint, RTF, text or an image).`,
      );
    }
    const hash = createHash('sha256');
    for (const chunk of file.chunks) hash.update(chunk);
    return {
      documentId: String(i + 1),
      name: cleanFilename(file.filename, type.extension, `Document ${i + 1}`),
      extension: type.extension,
      mime: type.mime,
      chunks: file.chunks,
      size: file.size,
      sha256: hash.digest('hex'),
    };
  });
}

async function readEnvelopeUpload(c: Context<AppEnv>, limits: Limits) {
  const boundary = boundaryOf(c.req.header('content-type'));
  if (boundary === undefined) {
    throw new ApiError(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'Send the envelope as multipart/form-data with a "request" part and "document" parts.');
  }
  const declared = c.req.header('content-length');
  if (declared !== undefined && Number(declared) > limits.maxRequestBytes) {
    throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `The documents are too large together: at most ${limits.maxRequestBytes} bytes per envelope.`);
  }
  const body = c.req.raw.body;
  if (body === null) throw bad('The request has no body.');
  let parts;
  try {
    parts = await readMultipart(body, boundary, {
      maxBytes: limits.maxRequestBytes,
      maxFileBytes: limits.maxDocumentBytes,
      maxFieldBytes: 256 * 1024,
      maxParts: limits.maxDocuments + 1,
    });
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    if (error.kind === 'malformed') throw bad(`The multipart body is malformed: ${error.message}`);
    throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `${error.message} DocuSign takes documents up to ${limits.maxDocumentBytes} bytes each.`);
  }
  let requestText: string | undefined;
  const files: FilePart[] = [];
  for (const part of parts) {
    if (part.kind === 'field' && part.name === ENVELOPE_REQUEST_PART) {
      if (requestText !== undefined) throw bad('Send exactly one "request" part.');
      requestText = part.value;
    } else if (part.kind === 'file' && part.name === ENVELOPE_DOCUMENT_PART) {
      files.push(part);
    } else {
      throw bad(`Unexpected part "${part.name.slice(0, 50)}": only "request" (text) and "document" (files) are allowed.`);
    }
  }
  if (requestText === undefined) throw bad('The "request" part (JSON) is missing.');
  let json: unknown;
  try {
    json = JSON.parse(requestText);
  } catch {
    throw bad('The "request" part is not valid JSON.');
  }
  const parsed = v.safeParse(EnvelopeRequest, json);
  if (!parsed.success) throw bad(`The envelope request is not valid: ${issueText(parsed.issues)}.`);
  return { request: parsed.output, documents: prepareDocuments(files, limits) };
}

/** Reads a small JSON body (signing-session requests), bounded. */
async function readSmallJson(c: Context<AppEnv>, max: number): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'Send JSON (Content-Type: application/json).');
  const body = c.req.raw.body;
  if (body === null) throw bad('The request has no body.');
  const bytes = await readAtMost(body, max);
  if (bytes === 'too-large') throw new ApiError(413, ErrorCodes.PAYLOAD_TOO_LARGE, `The request body is larger than ${max} bytes.`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    throw bad('The request body is not valid JSON.');
  }
}

export function envelopeHandlers(deps: EnvelopeDeps) {
  const { client, identity, store } = deps;
  const inflight = new Map<string, { hash: string; answer: Promise<Answer> }>();

  /** Talks to DocuSign for a claimed key; resolves with the answer or throws an ApiError. */
  async function send(
    claim: { kind: 'new' | 'resume'; requestId: string; createdAt: number },
    ctx: ApiContext,
    userSub: string,
    key: string,
    request: EnvelopeRequest,
    documents: PreparedDocument[],
    log: AppEnv['Variables']['log'],
  ): Promise<Answer> {
    const recipients = planRecipients(request, claim.requestId);
    const body = envelopeBody(buildDefinition(request, recipients, documents, claim.requestId), documents);
    // A resumed key may already have its envelope: look before creating.
    let mustLookUp = claim.kind === 'resume';
    try {
      const summary = await client.retry('sendEnvelope', async () => {
        if (mustLookUp) {
          // The backoff before this attempt also gives DocuSign's envelope search time to index a fresh
          // envelope. UNCONFIRMED: how long that takes on DocuSign; the simulator finds it at once.
          const found = await client.findEnvelopeByRequestId(ctx, REQUEST_ID_FIELD, claim.requestId, claim.createdAt);
          if (found !== undefined) {
            log.info('envelope found by request id', { envelopeId: found, envelopeRequestId: claim.requestId });
            return { envelopeId: found, status: 'sent' };
          }
        }
        try {
          return await client.createEnvelope(ctx, body);
        } catch (error) {
          if (error instanceof DocuSignError && error.ambiguous) mustLookUp = true;
          throw error;
        }
      });
      const answer: EnvelopeResponse = {
        envelopeId: summary.envelopeId,
        accountId: ctx.accountId,
        status: summary.status,
        requestId: claim.requestId,
        recipients: recipients.map(({ clientUserId: _hidden, ...r }) => r),
        documents: documents.map((d) => ({ documentId: d.documentId, name: d.name, type: d.extension, bytes: d.size, sha256: d.sha256 })),
      };
      store.saveEnvelope({
        accountId: ctx.accountId,
        envelopeId: summary.envelopeId,
        userSub,
        requestId: claim.requestId,
        captiveSigners: recipients
          .filter((r): r is PlannedRecipient & { clientUserId: string } => r.clientUserId !== undefined)
          .map((r) => ({ recipientId: r.recipientId, name: r.name, email: r.email, clientUserId: r.clientUserId })),
        createdAt: Math.floor(deps.now()),
      });
      store.complete(userSub, key, 201, JSON.stringify(answer));
      log.info('envelope created', { envelopeId: summary.envelopeId, envelopeRequestId: claim.requestId, documents: documents.length });
      return { status: 201, body: answer };
    } catch (error) {
      // Nothing reached DocuSign, or DocuSign said no: the key is free for the same request again.
      // Otherwise an envelope may exist: keep the request id so the next try looks it up first.
      if (mustLookUp || !(error instanceof ApiError)) store.markUnknown(userSub, key);
      else store.forget(userSub, key);
      if (error instanceof DocuSignError && error.status === 401) return identity.explainRejection(ctx.token, error);
      throw error;
    }
  }

  return {
    async createEnvelope(c: Context<AppEnv>): Promise<Response> {
      const log = c.get('log');
      const token = bearerToken(c.req.header('authorization'));
      const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
      if (key === undefined || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
        throw new ApiError(400, ErrorCodes.IDEMPOTENCY_KEY_REQUIRED, `Send an ${IDEMPOTENCY_KEY_HEADER} header (8–128 letters, digits, ".", "_", ":" or "-"), new for each envelope.`);
      }
      const user = await identity.identify(token);
      const { request, documents } = await readEnvelopeUpload(c, deps.limits);
      const account = findAccount(user, request.accountId);
      const hash = requestHash(request, documents);
      const flightKey = `${user.sub}\n${key}`;

      const reuseRefused = () =>
        new ApiError(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different envelope. Use a new key for a new envelope.');

      let flight = inflight.get(flightKey);
      if (flight !== undefined) {
        if (flight.hash !== hash) throw reuseRefused();
        log.info('joined a request in flight');
      } else {
        const claim = store.claim({ userSub: user.sub, key, requestHash: hash, newRequestId: randomUUID(), owner: deps.instanceId, now: Math.floor(deps.now()), leaseMs: deps.leaseMs });
        switch (claim.kind) {
          case 'conflict':
            throw reuseRefused();
          case 'replay':
            log.info('replayed a finished request');
            return c.json(JSON.parse(claim.row.response ?? '{}') as EnvelopeResponse, 201);
          case 'in_progress':
            throw new ApiError(409, ErrorCodes.REQUEST_IN_PROGRESS, 'This envelope is still being sent. Try again in a minute; it will not be sent twice.');
          case 'new':
          case 'resume': {
            const ctx: ApiContext = { token, baseUri: account.baseUri, accountId: account.accountId };
            const answer = send({ kind: claim.kind, requestId: claim.row.requestId, createdAt: claim.row.createdAt }, ctx, user.sub, key, request, documents, log);
            flight = { hash, answer };
            inflight.set(flightKey, flight);
            answer.then(
              () => inflight.delete(flightKey),
              () => inflight.delete(flightKey),
            );
          }
        }
      }
      const answer = await flight.answer;
      return c.json(answer.body, answer.status);
    },

    async createSigningSession(c: Context<AppEnv>): Promise<Response> {
      const token = bearerToken(c.req.header('authorization'));
      const envelopeId = c.req.param('envelopeId') ?? '';
      if (!/^[0-9a-f-]{36}$/i.test(envelopeId)) throw new ApiError(404, ErrorCodes.NOT_FOUND, 'No such envelope.');
      const user = await identity.identify(token);
      const parsed = v.safeParse(SigningSessionRequest, await readSmallJson(c, 4096));
      if (!parsed.success) throw bad(`The signing-session request is not valid: ${issueText(parsed.issues)}.`);
      const account = findAccount(user, parsed.output.accountId);
      const envelope = store.getEnvelope(account.accountId, envelopeId);
      // Only the user who sent it through SignBridge starts its embedded signing.
      if (envelope === undefined || envelope.userSub !== user.sub) {
        throw new ApiError(404, ErrorCodes.NOT_FOUND, 'SignBridge did not send this envelope for you, so it cannot start signing for it.');
      }
      const signer = envelope.captiveSigners.find((s) => s.recipientId === parsed.output.recipientId);
      if (signer === undefined) {
        throw new ApiError(409, ErrorCodes.SIGNER_NOT_EMBEDDED, 'That recipient signs by e-mail, not in this browser.');
      }
      const returnUrl = new URL('/signing/return', deps.publicUrl);
      returnUrl.searchParams.set('envelopeId', envelopeId);
      returnUrl.searchParams.set('recipientId', signer.recipientId);
      const ctx: ApiContext = { token, baseUri: account.baseUri, accountId: account.accountId };
      try {
        const url = await client.createRecipientView(ctx, envelopeId, {
          returnUrl: returnUrl.toString(),
          authenticationMethod: 'none',
          clientUserId: signer.clientUserId,
          userName: signer.name,
          email: signer.email,
          recipientId: signer.recipientId,
        });
        c.get('log').info('signing session created', { envelopeId, recipientId: signer.recipientId });
        const body: SigningSessionResponse = { url };
        return c.json(body, 201, { 'Cache-Control': 'no-store' });
      } catch (error) {
        if (error instanceof DocuSignError && error.status === 401) return identity.explainRejection(token, error);
        throw error;
      }
    },

    /** "Open in DocuSign": DocuSign itself decides whether this user may see the envelope. */
    async createConsoleView(c: Context<AppEnv>): Promise<Response> {
      const token = bearerToken(c.req.header('authorization'));
      const envelopeId = c.req.param('envelopeId') ?? '';
      if (!/^[0-9a-f-]{36}$/i.test(envelopeId)) throw new ApiError(404, ErrorCodes.NOT_FOUND, 'No such envelope.');
      const user = await identity.identify(token);
      const parsed = v.safeParse(ConsoleViewRequest, await readSmallJson(c, 4096));
      if (!parsed.success) throw bad(`The console-view request is not valid: ${issueText(parsed.issues)}.`);
      const account = findAccount(user, parsed.output.accountId);
      const ctx: ApiContext = { token, baseUri: account.baseUri, accountId: account.accountId };
      try {
        const url = await client.createConsoleView(ctx, { envelopeId, returnUrl: new URL('/docusign/closed', deps.publicUrl).toString() });
        c.get('log').info('console view created', { envelopeId });
        const body: ConsoleViewResponse = { url };
        return c.json(body, 201, { 'Cache-Control': 'no-store' });
      } catch (error) {
        if (error instanceof DocuSignError && error.status === 401) return identity.explainRejection(token, error);
        throw error;
      }
    },
  };
}
