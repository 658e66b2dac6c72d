/**
 * DocuSign as the server sees it: `/oauth/userinfo` on the account server and a few eSignature REST
 * calls on the account's own base URI. Every failure becomes a `DocuSignError` carrying a stable code,
 * the HTTP status we answer with, a message that says what to do, and whether the call may have had its
 * effect (`ambiguous`) and may be retried (`retryable`, `retryAfterMs`).
 *
 * The client never logs a token, a request body or a signing URL; it logs method, a path template,
 * status and DocuSign's error code.
 */
import * as v from 'valibot';
import { ErrorCodes, type ErrorCode } from '../shared/errors.ts';
import { ApiError } from './http-error.ts';
import type { Logger } from './log.ts';
import { currentRequestId } from './request-context.ts';

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Attempts in all, first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** A rate limit that resets later than this is not waited for: the user is told when to retry. */
  maxWaitMs: number;
}

export interface DocuSignClientDeps {
  accountServer: string;
  fetch: Fetch;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: Logger;
  /** Per attempt; a hung connection is abandoned after this. */
  timeoutMs: number;
  retry: RetryPolicy;
  /** Told about every call (status 0: no answer) and every retry, for metrics. */
  observe?: { call(operation: string, status: number, seconds: number): void; retry(operation: string): void };
}

export class DocuSignError extends ApiError {
  override name = 'DocuSignError';
  /** The request may have been carried out although we have no answer (network failure, timeout, 5xx). */
  readonly ambiguous: boolean;
  /**
   * No answer came at all (the call failed or timed out before DocuSign's status line): the request may
   * still be on its way to DocuSign, so a search made now can miss what it will create.
   */
  readonly unanswered: boolean;
  readonly retryable: boolean;
  /** When the limit resets, if DocuSign said so. */
  readonly retryAfterMs: number | undefined;
  /** DocuSign's own error code, for logs. */
  readonly docusignCode: string | undefined;
  constructor(init: {
    code: ErrorCode;
    status: number;
    message: string;
    ambiguous?: boolean;
    unanswered?: boolean;
    retryable?: boolean;
    retryAfterMs?: number | undefined;
    retryAt?: string | undefined;
    docusignCode?: string | undefined;
  }) {
    super(init.status, init.code, init.message, init.retryAt);
    this.ambiguous = init.ambiguous ?? false;
    this.unanswered = init.unanswered ?? false;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.docusignCode = init.docusignCode;
  }
}

// ---------------------------------------------------------------------------------------------------
// Shapes we read (validated: DocuSign's answers are input too).

const UserInfoSchema = v.object({
  sub: v.string(),
  name: v.optional(v.string()),
  email: v.optional(v.string()),
  accounts: v.array(
    v.object({
      account_id: v.string(),
      account_name: v.optional(v.string()),
      // The Node SDK coerces it to a string; DocuSign sends a boolean (FACTS §3).
      is_default: v.optional(v.union([v.boolean(), v.string()])),
      base_uri: v.pipe(v.string(), v.url()),
    }),
  ),
});

export interface UserAccount {
  accountId: string;
  accountName: string;
  isDefault: boolean;
  /** `https://{site}.docusign.net`, without `/restapi`. */
  baseUri: string;
}

export interface UserInfo {
  sub: string;
  accounts: UserAccount[];
}

const EnvelopeSummarySchema = v.object({ envelopeId: v.pipe(v.string(), v.minLength(1)), status: v.optional(v.string()) });
export type EnvelopeSummary = { envelopeId: string; status: string };

const EnvelopesInformationSchema = v.object({
  envelopes: v.optional(
    v.nullable(
      v.array(
        v.object({
          envelopeId: v.string(),
          status: v.optional(v.string()),
          customFields: v.optional(
            v.object({ textCustomFields: v.optional(v.array(v.object({ name: v.optional(v.string()), value: v.optional(v.string()) }))) }),
          ),
        }),
      ),
    ),
  ),
});

const ViewUrlSchema = v.object({ url: v.pipe(v.string(), v.url()) });
/** `EnvelopeRecipients` (spec): only the signers' ids and statuses are read. */
const RecipientsSchema = v.object({
  signers: v.optional(v.array(v.object({ recipientId: v.string(), status: v.optional(v.string()) })), []),
});

const ErrorDetailsSchema = v.object({ errorCode: v.optional(v.string()), message: v.optional(v.string()) });
const OAuthErrorSchema = v.object({ error: v.optional(v.string()), error_description: v.optional(v.string()) });

export interface ApiContext {
  token: string;
  /** From userinfo, never from the request. */
  baseUri: string;
  accountId: string;
}

export interface RecipientViewRequest {
  returnUrl: string;
  authenticationMethod: 'none';
  clientUserId: string;
  userName: string;
  email: string;
  recipientId: string;
}

// ---------------------------------------------------------------------------------------------------
// Error mapping.

const hhmm = (at: number): string => new Date(at).toISOString().slice(11, 16);

/** DocuSign's burst window (FACTS §6: 200 or 500 calls per 30 s); it sends no header for when it ends. */
export const BURST_WINDOW_MS = 30_000;

/** `Retry-After` in seconds, as milliseconds. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after')?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}

/** The hourly window's end from `X-RateLimit-Reset` (Unix epoch seconds). */
function hourlyReset(headers: Headers): number | undefined {
  const value = headers.get('x-ratelimit-reset')?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}

/** Maps an eSignature error answer to what we tell the user. */
export function mapEsignError(status: number, body: unknown, headers: Headers, now: number): DocuSignError {
  const details = v.safeParse(ErrorDetailsSchema, body);
  const dsCode = details.success ? details.output.errorCode : undefined;
  const dsMessage = details.success ? details.output.message : undefined;
  const upper = (dsCode ?? '').toUpperCase();

  if (upper.startsWith('HOURLY_') || upper.includes('HOURLY_APIINVOCATION')) {
    const resetAt = hourlyReset(headers) ?? (Math.floor(now / 3_600_000) + 1) * 3_600_000;
    return new DocuSignError({
      code: ErrorCodes.DOCUSIGN_HOURLY_LIMIT,
      status: 429,
      message: `This DocuSign account reached its hourly API limit. Try again after ${hhmm(resetAt)} UTC.`,
      retryAt: new Date(resetAt).toISOString(),
      docusignCode: dsCode,
    });
  }
  if (upper.startsWith('BURST_') || status === 429) {
    // X-RateLimit-Reset is the HOURLY window's end; a burst refusal clears within one burst window.
    const waitMs = retryAfterMs(headers) ?? BURST_WINDOW_MS;
    return new DocuSignError({
      code: ErrorCodes.DOCUSIGN_RATE_LIMITED,
      status: 429,
      message: `DocuSign is limiting how fast this account may send. Try again after ${hhmm(now + waitMs)} UTC.`,
      retryable: true,
      retryAfterMs: waitMs,
      retryAt: new Date(now + waitMs).toISOString(),
      docusignCode: dsCode,
    });
  }
  if (status === 401 || upper === 'USER_AUTHENTICATION_FAILED' || upper === 'AUTHORIZATION_INVALID_TOKEN') {
    return tokenRejected(dsCode, dsMessage);
  }
  if (upper.includes('CONSENT')) {
    return new DocuSignError({
      code: ErrorCodes.DOCUSIGN_CONSENT_REQUIRED,
      status: 403,
      message: 'SignBridge is not allowed to act for you in this DocuSign account. Ask your DocuSign administrator to grant consent to SignBridge, then reconnect.',
      docusignCode: dsCode,
    });
  }
  if (upper.includes('SITE') || upper === 'INVALID_BASE_URI' || upper === 'WRONG_BASE_URI') {
    return new DocuSignError({
      code: ErrorCodes.DOCUSIGN_WRONG_SITE,
      status: 409,
      message: 'DocuSign says this account lives on another site. Reconnect DocuSign in SignBridge so it learns where the account is now.',
      docusignCode: dsCode,
    });
  }
  if (upper === 'USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT' || upper === 'USER_NOT_ACCOUNT_MEMBER' || upper === 'ACCOUNT_LACKS_PERMISSIONS' || upper === 'USER_LACKS_PERMISSIONS') {
    return new DocuSignError({
      code: ErrorCodes.ACCOUNT_NOT_MEMBER,
      status: 403,
      message: 'Your DocuSign user may not send from this account. Choose another account or ask its administrator for access.',
      docusignCode: dsCode,
    });
  }
  if (status >= 500) {
    return new DocuSignError({
      code: ErrorCodes.DOCUSIGN_UNAVAILABLE,
      status: 503,
      message: 'DocuSign is not answering properly right now. Try again in a few minutes.',
      ambiguous: true,
      retryable: true,
      retryAfterMs: retryAfterMs(headers),
      docusignCode: dsCode,
    });
  }
  return new DocuSignError({
    code: ErrorCodes.DOCUSIGN_REJECTED,
    status: 422,
    message: `DocuSign refused the request${dsMessage === undefined ? '.' : `: ${dsMessage.slice(0, 300)}`}`,
    docusignCode: dsCode,
  });
}

/** DocuSign refused the token. Its answers do not say why (expired, revoked, another environment); identity.ts refines. */
function tokenRejected(dsCode: string | undefined, _dsMessage: string | undefined): DocuSignError {
  return new DocuSignError({
    code: ErrorCodes.DOCUSIGN_TOKEN_INVALID,
    status: 401,
    message: 'DocuSign does not accept your login any more (it expired or was revoked). Reconnect DocuSign in SignBridge.',
    docusignCode: dsCode,
  });
}

/** `unanswered`: the call itself failed, no status line came back (see `DocuSignError.unanswered`). */
export function networkError(cause: unknown, unanswered = false): DocuSignError {
  const timeout = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  return new DocuSignError({
    code: ErrorCodes.DOCUSIGN_UNAVAILABLE,
    status: 503,
    message: timeout
      ? 'DocuSign did not answer in time. Try again in a few minutes.'
      : 'SignBridge could not reach DocuSign. Check the network and try again.',
    ambiguous: true,
    unanswered,
    retryable: true,
  });
}

// ---------------------------------------------------------------------------------------------------

export interface DocuSignClient {
  /** Who the token belongs to, asking `accountServer` (default: the configured one); 401 → DocuSignError. */
  userinfo(token: string, accountServer?: string): Promise<UserInfo>;
  /** One attempt, no retry: the caller decides (a retry must look the envelope up first). */
  createEnvelope(ctx: ApiContext, body: { contentType: string; stream: () => ReadableStream<Uint8Array> }): Promise<EnvelopeSummary>;
  /** The envelope carrying our request id in its custom field, if DocuSign has it (one attempt). */
  findEnvelopeByRequestId(ctx: ApiContext, fieldName: string, requestId: string, since: number): Promise<string | undefined>;
  /** A fresh embedded-signing URL (retried: each call only mints a new single-use URL). */
  createRecipientView(ctx: ApiContext, envelopeId: string, request: RecipientViewRequest): Promise<string>;
  /** A single-use URL into DocuSign's web app, opened on the envelope (`views/console`; retried like a recipient view). */
  createConsoleView(ctx: ApiContext, request: { envelopeId: string; returnUrl: string }): Promise<string>;
  /**
   * A signer's status as DocuSign has it (`GET .../envelopes/{id}/recipients`), asked once when an
   * embedded signing returns; `undefined` when the envelope has no such signer.
   */
  signerStatus(ctx: ApiContext, envelopeId: string, recipientId: string): Promise<string | undefined>;
  /** Runs `attempt` with backoff and jitter while it throws retryable errors, honouring rate-limit waits. */
  retry<T>(label: string, attempt: (n: number) => Promise<T>): Promise<T>;
}

export function createDocuSignClient(deps: DocuSignClientDeps): DocuSignClient {
  const { log } = deps;

  async function call(
    label: string,
    url: string,
    init: { method: string; token: string; body?: { contentType: string; stream: () => ReadableStream<Uint8Array> | string } },
  ): Promise<{ status: number; body: unknown; headers: Headers }> {
    const headers: Record<string, string> = { Authorization: `Bearer ${init.token}`, Accept: 'application/json' };
    // Our request id rides along as DocuSign's trace token, so one id finds the call in our logs and in
    // DocuSign's support tools. UNCONFIRMED: that DocuSign keeps a trace token the client sends (its
    // answers always carry one, which we log next to our request id either way).
    const requestId = currentRequestId();
    if (requestId !== undefined) headers['X-DocuSign-TraceToken'] = requestId;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    // A timer we hold, not AbortSignal.timeout(): that signal is only weakly held once a Request derives
    // its own from it, and when it is garbage-collected a hung call never times out (seen in tests).
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new DOMException('DocuSign did not answer in time.', 'TimeoutError')), deps.timeoutMs);
    const requestInit: RequestInit & { duplex?: 'half' } = { method: init.method, headers, signal: timeout.signal };
    try {
      return await attemptCall();
    } finally {
      clearTimeout(timer);
    }

    async function attemptCall(): Promise<{ status: number; body: unknown; headers: Headers }> {
      if (init.body !== undefined) {
        headers['Content-Type'] = init.body.contentType;
        requestInit.body = init.body.stream();
        requestInit.duplex = 'half';
      }
      let res: Response;
      try {
        res = await deps.fetch(url, requestInit);
      } catch (cause) {
        deps.observe?.call(label, 0, seconds());
        log.warn('docusign call failed', { call: label, error: cause });
        throw networkError(cause, true);
      }
      // DocuSign's trace token of this answer (logged under a name the redaction of "token" keys leaves alone).
      const docusignTrace = res.headers.get('x-docusign-tracetoken') ?? undefined;
      let body: unknown;
      try {
        const text = await res.text();
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch (cause) {
        // The connection dropped mid-answer, or DocuSign answered something that is not JSON.
        // Only the error's name: a JSON parse error's message quotes the start of the body it choked on.
        log.warn('docusign answer unreadable', { call: label, status: res.status, docusignTrace, error: cause instanceof Error ? cause.name : 'unknown' });
        if (res.ok || res.status >= 500) {
          deps.observe?.call(label, 0, seconds());
          throw networkError(cause);
        }
        body = undefined;
      }
      const errorCode = (body as { errorCode?: unknown } | undefined)?.errorCode;
      deps.observe?.call(label, res.status, seconds());
      log.debug('docusign call', { call: label, status: res.status, docusignTrace, errorCode: typeof errorCode === 'string' ? errorCode : undefined });
      return { status: res.status, body, headers: res.headers };
    }
  }

  const esign = (ctx: ApiContext, path: string) =>
    `${ctx.baseUri.replace(/\/+$/, '')}/restapi/v2.1/accounts/${encodeURIComponent(ctx.accountId)}${path}`;

  async function retry<T>(label: string, attempt: (n: number) => Promise<T>): Promise<T> {
    const { attempts, baseMs, maxMs, maxWaitMs } = deps.retry;
    for (let n = 1; ; n++) {
      try {
        return await attempt(n);
      } catch (error) {
        if (!(error instanceof DocuSignError) || !error.retryable || n >= attempts) throw error;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > maxWaitMs) throw error;
        // Equal jitter: at least half the backoff, so retries spread out but never hammer.
        const backoff = Math.min(maxMs, baseMs * 2 ** (n - 1));
        const jittered = backoff / 2 + deps.random() * (backoff / 2);
        const waitMs = Math.ceil(Math.max(error.retryAfterMs ?? 0, jittered));
        log.info('docusign retry', { call: label, attempt: n, errorCode: error.code, waitMs });
        deps.observe?.retry(label);
        await deps.sleep(waitMs);
      }
    }
  }

  return {
    retry,

    async userinfo(token, accountServer = deps.accountServer) {
      return retry('userinfo', async () => {
        const { status, body, headers } = await call('userinfo', `${accountServer}/oauth/userinfo`, { method: 'GET', token });
        if (status === 200) {
          const parsed = v.safeParse(UserInfoSchema, body);
          if (!parsed.success) {
            throw new DocuSignError({ code: ErrorCodes.DOCUSIGN_UNAVAILABLE, status: 502, message: 'DocuSign answered with an unexpected user profile. Try again later.' });
          }
          return {
            sub: parsed.output.sub,
            accounts: parsed.output.accounts.map((a) => ({
              accountId: a.account_id,
              accountName: a.account_name ?? '',
              isDefault: a.is_default === true || a.is_default === 'true',
              baseUri: a.base_uri,
            })),
          };
        }
        if (status === 401 || status === 400 || status === 403) {
          const oauth = v.safeParse(OAuthErrorSchema, body);
          const details = v.safeParse(ErrorDetailsSchema, body);
          const code = (oauth.success ? oauth.output.error : undefined) ?? (details.success ? details.output.errorCode : undefined);
          const message = (oauth.success ? oauth.output.error_description : undefined) ?? (details.success ? details.output.message : undefined);
          if (`${code ?? ''}`.toLowerCase().includes('consent')) return Promise.reject(mapEsignError(403, { errorCode: 'CONSENT_REQUIRED' }, headers, deps.now()));
          throw tokenRejected(code, message);
        }
        throw mapEsignError(status, body, headers, deps.now());
      });
    },

    async createEnvelope(ctx, body) {
      const { status, body: answer, headers } = await call('createEnvelope', esign(ctx, '/envelopes'), { method: 'POST', token: ctx.token, body });
      if (status === 201 || status === 200) {
        const parsed = v.safeParse(EnvelopeSummarySchema, answer);
        // Created but unreadable: as good as a lost answer; the caller looks the envelope up.
        if (!parsed.success) throw networkError(new Error('unreadable envelope summary'));
        return { envelopeId: parsed.output.envelopeId, status: parsed.output.status ?? 'sent' };
      }
      throw mapEsignError(status, answer, headers, deps.now());
    },

    async findEnvelopeByRequestId(ctx, fieldName, requestId, since) {
      const query = new URLSearchParams({
        // A day of slack: DocuSign parses from_date in its own time zone when none is given (spec).
        from_date: new Date(since - 86_400_000).toISOString(),
        custom_field: `${fieldName}=${requestId}`,
        include: 'custom_fields',
      });
      const { status, body, headers } = await call('findEnvelope', esign(ctx, `/envelopes?${query.toString()}`), { method: 'GET', token: ctx.token });
      if (status !== 200) throw mapEsignError(status, body, headers, deps.now());
      const parsed = v.safeParse(EnvelopesInformationSchema, body);
      if (!parsed.success) throw networkError(new Error('unreadable envelope list'));
      // Check the field ourselves too (we asked for include=custom_fields): an API that ignored the
      // filter, or left the fields out, must not make us adopt a stranger's envelope.
      const match = (parsed.output.envelopes ?? []).find((e) =>
        (e.customFields?.textCustomFields ?? []).some((f) => f.name === fieldName && f.value === requestId),
      );
      return match?.envelopeId;
    },

    async createRecipientView(ctx, envelopeId, request) {
      return retry('createRecipientView', async () => {
        const { status, body, headers } = await call(
          'createRecipientView',
          esign(ctx, `/envelopes/${encodeURIComponent(envelopeId)}/views/recipient`),
          { method: 'POST', token: ctx.token, body: { contentType: 'application/json', stream: () => JSON.stringify(request) } },
        );
        if (status !== 201 && status !== 200) throw mapEsignError(status, body, headers, deps.now());
        const parsed = v.safeParse(ViewUrlSchema, body);
        if (!parsed.success) throw networkError(new Error('unreadable view answer'));
        return parsed.output.url;
      });
    },

    async signerStatus(ctx, envelopeId, recipientId) {
      return retry('listRecipients', async () => {
        const { status, body, headers } = await call('listRecipients', esign(ctx, `/envelopes/${encodeURIComponent(envelopeId)}/recipients`), {
          method: 'GET',
          token: ctx.token,
        });
        if (status !== 200) throw mapEsignError(status, body, headers, deps.now());
        const parsed = v.safeParse(RecipientsSchema, body);
        if (!parsed.success) throw networkError(new Error('unreadable recipients answer'));
        return parsed.output.signers.find((r) => r.recipientId === recipientId)?.status;
      });
    },

    async createConsoleView(ctx, request) {
      return retry('createConsoleView', async () => {
        const { status, body, headers } = await call('createConsoleView', esign(ctx, '/views/console'), {
          method: 'POST',
          token: ctx.token,
          body: { contentType: 'application/json', stream: () => JSON.stringify(request) },
        });
        if (status !== 201 && status !== 200) throw mapEsignError(status, body, headers, deps.now());
        const parsed = v.safeParse(ViewUrlSchema, body);
        if (!parsed.success) throw networkError(new Error('unreadable view answer'));
        return parsed.output.url;
      });
    },
  };
}
