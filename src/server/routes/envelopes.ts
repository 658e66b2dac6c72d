/**
 * `POST /v1/envelopes`, exactly once.
 *
 * After the request is read and validated, its key and hash are claimed in the store before DocuSign is
 * called. A duplicate arriving while the first is in flight in this process joins the first's answer; a
 * finished key replays its answer; a key whose earlier answer was lost (timeout, dropped connection,
 * 5xx) is resumed with the SAME request id, and the envelope is looked up by that id (custom field
 * `signbridge_request_id`) before anything is created again.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { ACCOUNT_HEADER, IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, type EnvelopeRequest, type EnvelopeResponse } from '../../shared/api.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import type { Caller } from '../caller.ts';
import { withSender, type Sender, type SenderCredentials } from '../credentials.ts';
import { DocuSignError, type DocuSignClient } from '../docusign.ts';
import { envelopeBody, REQUEST_ID_FIELD, RESERVED_FIELD_PREFIX, requestHash, type PlannedRecipient, type PreparedDocument } from '../envelope.ts';
import { needsWorkflows } from '../reach.ts';
import { checkRequest, planSend, type PlanInput } from '../send-plan.ts';
import type { Templates } from '../templates.ts';
import type { EventNotification } from '../connect-config.ts';
import type { TrackedEnvelope } from '../status-model.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http-error.ts';
import type { Logger } from '../log.ts';
import type { Liveness } from '../liveness.ts';
import type { Metrics, SendOutcome } from '../metrics.ts';
import type { EnvelopeRow, Scope, SendRecord, Store } from '../store.ts';
import { bad, readEnvelopeUpload, type Limits } from '../upload.ts';
import { pageKey } from './status.ts';
import { sendPhases, type SendPhases } from '../send-phases.ts';

export interface EnvelopeDeps {
  client: DocuSignClient;
  credentials: SenderCredentials;
  store: Store;
  now: () => number;
  limits: Limits;
  /** This server instance, for the idempotency lease. */
  instanceId: string;
  /**
   * After a create that got no answer (timeout, dropped connection), how long the request may still be on
   * its way to DocuSign: no second create before then, only lookups (app.ts: as long as the DocuSign timeout).
   */
  unansweredGraceMs: number;
  /** Longest a live instance may hold a claimed key before another may resume it. */
  leaseMs: number;
  /** Our heartbeat: a claim is ours while it is fresh. */
  liveness: Liveness;
  metrics: Metrics;
  /** The Connect notification for envelopes of an account (none: DocuSign is not asked to report). */
  notificationFor?: (accountId: string) => EventNotification | undefined;
  /** Tells the live status streams about an envelope just sent. */
  publish?: (envelope: TrackedEnvelope) => void;
  /** The account's templates and identity-verification workflows, cached briefly (templates.ts). */
  templates: Templates;
}

/** What a send needs from DocuSign before it is planned: the template and the workflows, if used. */
type Looked = Pick<PlanInput, 'template' | 'workflows'>;

/** Our claim was taken over (we were judged dead): whoever holds it now finishes the send. */
const claimLost = () =>
  new ApiError(409, ErrorCodes.REQUEST_IN_PROGRESS, 'This envelope is being sent by another SignBridge server. Try again in a moment; it will not be sent twice.');

/** This instance is shutting down and its grace period ran out: the client retries, another instance resumes. */
const shuttingDown = (now: number) =>
  new ApiError(503, ErrorCodes.SHUTTING_DOWN, 'This SignBridge server is restarting. Try again in a moment; it will not be sent twice.', new Date(now + 1000).toISOString());

/** A create we got no answer to is not found (yet): looked for again after the backoff, never created twice. */
const notFoundYet = (now: number) =>
  new DocuSignError({
    code: ErrorCodes.DOCUSIGN_UNAVAILABLE,
    status: 503,
    message: 'DocuSign has not told us whether the envelope was created. Try again in a moment; it will not be sent twice.',
    ambiguous: true,
    retryable: true,
    retryAt: new Date(now + 1000).toISOString(),
  });

type Answer = { status: 201; body: EnvelopeResponse; outcome: 'created' | 'found' | 'replayed' };

const outcomeOf = (error: unknown): SendOutcome => {
  if (!(error instanceof ApiError)) return 'failed';
  if (error.code === ErrorCodes.REQUEST_IN_PROGRESS) return 'in_progress';
  if (error.code === ErrorCodes.IDEMPOTENCY_KEY_REUSED) return 'conflict';
  return error.status < 500 ? 'refused' : 'failed';
};

export const MEMBER_EMAIL_FIELD = 'signbridge_member_email';
export const MEMBER_SUB_FIELD = 'signbridge_member_sub';

/** What the server writes into the envelope about who sent it (members only: a linked login is the sender). */
const recordedFields = (caller: Caller) =>
  caller.kind === 'member'
    ? [
        { name: MEMBER_EMAIL_FIELD, value: caller.member.email },
        { name: MEMBER_SUB_FIELD, value: caller.member.sub },
      ]
    : [];

interface Claimed {
  kind: 'new' | 'resume';
  requestId: string;
  createdAt: number;
  /** An earlier request's create got no answer: only look until then (`unansweredGraceMs` after it). */
  lookOnlyUntil?: number;
}

export function envelopeRoutes(deps: EnvelopeDeps): Hono<AppEnv> {
  const { client, store } = deps;
  const inflight = new Map<string, { hash: string; answer: Promise<Answer> }>();

  /** Talks to DocuSign for a claimed key; resolves with the answer or throws an ApiError. */
  async function send(claim: Claimed, sender: Sender, caller: Caller, key: string, request: EnvelopeRequest, uploaded: PreparedDocument[], looked: Looked, log: Logger, phases: SendPhases): Promise<Answer> {
    const scope: Scope = { tenant: caller.tenant, principal: caller.principal };
    const notification = deps.notificationFor?.(sender.accountId);
    const { plan, body } = phases.timeSync('build', () => {
      const plan = planSend({ request, documents: uploaded, requestId: claim.requestId, recorded: recordedFields(caller), notification, ...looked });
      return { plan, body: envelopeBody(plan.definition, plan.documents) };
    });
    const { recipients, documents } = plan;
    // A resumed key may already have its envelope: look before creating.
    let mustLookUp = claim.kind === 'resume';
    // A create that got no answer at all may still reach DocuSign after the search that follows it (seen
    // under load: the abandoned request handled after our lookup, so both created the envelope). Until
    // `unansweredGraceMs` has passed since we gave up on it, we only look; if the retries run out first,
    // the key stays `unknown` with that time, and the client's retry, on any instance, only looks until then.
    let lookOnlyUntil = claim.lookOnlyUntil ?? 0;
    let found = false;
    try {
      const ctx = await sender.context();
      const summary = await phases.time('docusign', () => client.retry('sendEnvelope', async () => {
        if (mustLookUp) {
          // The backoff before this attempt also gives DocuSign's envelope search time to index a fresh
          // envelope. UNCONFIRMED: how long that takes on DocuSign; the simulator finds it at once.
          const existing = await client.findEnvelopeByRequestId(ctx, REQUEST_ID_FIELD, claim.requestId, claim.createdAt);
          if (existing !== undefined) {
            log.info('envelope found by request id', { envelopeId: existing, envelopeRequestId: claim.requestId });
            found = true;
            return { envelopeId: existing, status: 'sent' };
          }
          if (deps.now() < lookOnlyUntil) throw notFoundYet(deps.now());
        }
        if (deps.liveness.stopping()) throw shuttingDown(deps.now());
        // Still ours? A server judged dead (no heartbeat) may have lost the key to another instance,
        // which looks the envelope up first; creating it here as well would send it twice.
        if (!(await phases.time('store', () => store.renew(scope, key, deps.instanceId, Math.floor(deps.now()), deps.leaseMs)))) throw claimLost();
        try {
          return await client.createEnvelope(ctx, body);
        } catch (error) {
          if (error instanceof DocuSignError && error.ambiguous) {
            mustLookUp = true;
            if (error.unanswered) lookOnlyUntil = deps.now() + deps.unansweredGraceMs;
          }
          throw error;
        }
      }));
      const answer: EnvelopeResponse = {
        envelopeId: summary.envelopeId,
        accountId: sender.accountId,
        status: summary.status,
        requestId: claim.requestId,
        recipients: recipients.map(({ clientUserId: _hidden, ...r }) => r),
        documents: documents.map((d) => ({ documentId: d.documentId, name: d.name, type: d.extension, bytes: d.size, sha256: d.sha256 })),
        ...(request.template !== undefined ? { templateId: request.template.templateId } : {}),
      };
      const envelope: EnvelopeRow = {
        ...scope,
        accountId: sender.accountId,
        envelopeId: summary.envelopeId,
        requestId: claim.requestId,
        captiveSigners: recipients
          .filter((r): r is PlannedRecipient & { clientUserId: string } => r.clientUserId !== undefined)
          .map((r) => ({ recipientId: r.recipientId, name: r.name, email: r.email, clientUserId: r.clientUserId })),
        createdAt: Math.floor(deps.now()),
      };
      await phases.time('store', () => record({ scope, key, status: 201, response: JSON.stringify(answer), envelope }, tracked(scope, answer, request), log));
      log.info('envelope created', { envelopeId: summary.envelopeId, envelopeRequestId: claim.requestId, documents: documents.length });
      return { status: 201, body: answer, outcome: found ? 'found' : 'created' };
    } catch (error) {
      // Nothing reached DocuSign, or DocuSign said no: the key is free for the same request again.
      // Otherwise an envelope may exist: keep the request id so the next try looks it up first.
      // (Both only if the claim is still ours.)
      if (mustLookUp || !(error instanceof ApiError)) await store.markUnknown(scope, key, deps.instanceId, lookOnlyUntil);
      else await store.forget(scope, key, deps.instanceId);
      if (error instanceof DocuSignError && error.status === 401) return sender.rejected(error);
      throw error;
    }
  }

  /**
   * The outcome, the envelope and its first status record in one commit. The status record is a
   * convenience: if it cannot be written, the outcome is recorded without it rather than the send failing.
   */
  async function record(outcome: Omit<SendRecord, 'tracked'>, first: TrackedEnvelope, log: Logger): Promise<void> {
    let stored: TrackedEnvelope | undefined;
    try {
      stored = await store.recordSend({ ...outcome, tracked: first });
    } catch (error) {
      log.error('envelope status not recorded', { envelopeId: first.envelopeId, error });
      await store.recordSend(outcome);
    }
    if (stored !== undefined) deps.publish?.(stored);
  }

  /** The envelope's status as the send leaves it: sent, its first routing order on its way. */
  function tracked(scope: Scope, answer: EnvelopeResponse, request: EnvelopeRequest): TrackedEnvelope {
    const at = Math.floor(deps.now());
    const page = request.source === undefined ? undefined : pageKey(request.source.url);
    const first = Math.min(...answer.recipients.map((r) => r.routingOrder));
    return {
      ...scope,
      accountId: answer.accountId,
      envelopeId: answer.envelopeId,
      subject: request.subject,
      ...(page !== undefined ? { source: { url: page, ...(request.source?.title !== undefined ? { title: request.source.title } : {}) } } : {}),
      documents: answer.documents.map((d) => d.name),
      status: 'sent',
      sentAt: at,
      updatedAt: at,
      recipients: answer.recipients.map((r) => ({
        recipientId: r.recipientId,
        kind: r.kind,
        name: r.name,
        email: r.email,
        routingOrder: r.routingOrder,
        // DocuSign sends the first routing order at once; the others wait their turn.
        ...(r.routingOrder === first ? { status: 'sent' as const, sentAt: at } : { status: 'created' as const }),
      })),
    };
  }

  const reuseRefused = () =>
    new ApiError(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used for a different envelope. Use a new key for a new envelope.');

  /** Claims the key and, if it is ours to send, sends. Registered in `inflight` before its first await. */
  async function claimAndSend(caller: Caller, key: string, hash: string, sender: Sender, request: EnvelopeRequest, documents: PreparedDocument[], looked: Looked, log: Logger, phases: SendPhases): Promise<Answer> {
    const claim = await phases.time('store', () => store.claim({
      scope: { tenant: caller.tenant, principal: caller.principal },
      key,
      requestHash: hash,
      newRequestId: randomUUID(),
      owner: deps.instanceId,
      now: Math.floor(deps.now()),
      leaseMs: deps.leaseMs,
    }));
    switch (claim.kind) {
      case 'conflict':
        throw reuseRefused();
      case 'replay':
        log.info('replayed a finished request');
        return { status: 201, body: JSON.parse(claim.row.response ?? '{}') as EnvelopeResponse, outcome: 'replayed' };
      case 'in_progress': {
        // Retry-After: soon (a live owner answers within seconds), never later than a dead owner's
        // heartbeat runs out, after which the retry takes the claim over.
        const now = Math.floor(deps.now());
        const retryAt = new Date(Math.min(Math.max(claim.until, now + 1000), now + 2000)).toISOString();
        throw new ApiError(409, ErrorCodes.REQUEST_IN_PROGRESS, 'This envelope is still being sent. Try again in a moment; it will not be sent twice.', retryAt);
      }
      case 'resume':
      case 'new': {
        // Another instance's claim: it died (no heartbeat) or overran its lease. Looked up before creating.
        if (claim.kind === 'resume' && claim.takeover !== undefined) {
          deps.metrics.takeovers.inc({ reason: claim.takeover });
          log.info('took over a claim', { reason: claim.takeover, envelopeRequestId: claim.row.requestId });
        }
        const lookOnly = claim.kind === 'resume' && claim.lookOnlyUntil !== undefined ? { lookOnlyUntil: claim.lookOnlyUntil } : {};
        return send({ kind: claim.kind, requestId: claim.row.requestId, createdAt: claim.row.createdAt, ...lookOnly }, sender, caller, key, request, documents, looked, log, phases);
      }
    }
  }

  /** The template and the workflows a request uses, read (and cached) with the sender's credentials. */
  async function lookUp(caller: Caller, sender: Sender, request: EnvelopeRequest): Promise<Looked> {
    if (request.template === undefined && !needsWorkflows(request)) return { template: undefined, workflows: [] };
    return withSender(sender, async () => {
      const ctx = await sender.context();
      const template = request.template === undefined ? undefined : await deps.templates.get(caller, ctx, request.template.templateId);
      const workflows = needsWorkflows(request) ? await deps.templates.workflows(caller, ctx) : [];
      return { template, workflows };
    });
  }

  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const key = c.req.header(IDEMPOTENCY_KEY_HEADER);
    if (key === undefined || !IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new ApiError(400, ErrorCodes.IDEMPOTENCY_KEY_REQUIRED, `Send an ${IDEMPOTENCY_KEY_HEADER} header (8–128 letters, digits, ".", "_", ":" or "-"), new for each envelope.`);
    }
    const started = performance.now();
    const phases = sendPhases();
    let outcome: SendOutcome = 'failed';
    try {
      const answer = await sendOnce(c, key, phases);
      outcome = answer.outcome;
      return c.json(answer.body, answer.status);
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      deps.metrics.sends.inc({ outcome });
      deps.metrics.sendSeconds.observe({ outcome }, (performance.now() - started) / 1000);
      // Only envelopes this request created: a replay or a refusal has no DocuSign phase to compare.
      if (outcome === 'created') for (const [phase, seconds] of phases.spent()) deps.metrics.sendPhaseSeconds.observe({ phase }, seconds);
    }
  });

  async function sendOnce(c: Context<AppEnv>, key: string, phases: SendPhases): Promise<Omit<Answer, 'outcome'> & { outcome: SendOutcome }> {
    const log = c.get('log');
    const caller = c.get('caller');
    // The account named in the header is checked before the body is read: a caller refused there
    // never makes the server buffer an upload (the caller itself was checked by the middleware).
    const named = c.req.header(ACCOUNT_HEADER);
    const early = named === undefined ? undefined : await deps.credentials.forAccount(caller, named);
    const { request, documents } = await phases.time('upload', () => readEnvelopeUpload(c, deps.limits, phases));
    if (named !== undefined && named.toLowerCase() !== request.accountId.toLowerCase()) {
      throw bad(`The ${ACCOUNT_HEADER} header names another account than the request's accountId.`);
    }
    const reserved = request.fields.find((f) => f.name.toLowerCase().startsWith(RESERVED_FIELD_PREFIX));
    if (reserved !== undefined) throw bad(`The field name "${reserved.name}" is reserved for SignBridge itself; choose another name.`);
    checkRequest(request, documents);
    const sender = early ?? (await deps.credentials.forAccount(caller, request.accountId));
    const looked = await lookUp(caller, sender, request);
    // Everything planned once before the key is claimed: a role or field DocuSign would refuse is our 4xx now.
    phases.timeSync('build', () => planSend({ request, documents, requestId: 'check', recorded: [], notification: undefined, ...looked }));
    const hash = phases.timeSync('hashing', () => requestHash(request, documents));
    const flightKey = `${caller.tenant}\n${caller.principal}\n${key}`;

    let flight = inflight.get(flightKey);
    const joined = flight !== undefined;
    if (flight !== undefined) {
      if (flight.hash !== hash) throw reuseRefused();
      log.info('joined a request in flight');
    } else {
      const answer = deps.liveness.hold(() => claimAndSend(caller, key, hash, sender, request, documents, looked, log, phases));
      flight = { hash, answer };
      inflight.set(flightKey, flight);
      const settled = () => inflight.delete(flightKey);
      answer.then(settled, settled);
    }
    const answer = await flight.answer;
    if (caller.kind === 'member') {
      // The audit line: who sent what for which organization (no tokens, no document bytes).
      log.info('audit: member sent an envelope', {
        tenant: caller.tenant,
        memberSub: caller.member.sub,
        memberEmail: caller.member.email,
        accountId: answer.body.accountId,
        envelopeId: answer.body.envelopeId,
      });
    }
    return joined ? { ...answer, outcome: 'joined' } : answer;
  }
  return app;
}
