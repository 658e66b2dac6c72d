/**
 * The go-live report: SignBridge's own eSignature calls, made the way SignBridge makes them (the
 * companion server's send flow, in-process, as the tenant's system user), recorded call by call, and
 * judged by what DocuSign's go-live review looks for (DocuSign "Go-Live": at least 20 consecutive
 * successful calls in the developer environment, no errors, no polling: at most one status read of an
 * envelope per 15 minutes). It refuses to run against production.
 */
import { JWT_SCOPES } from './consent.ts';
import { fetchUserInfo } from './check.ts';
import { refused, systemUserToken, type Outcome } from './session.ts';
import type { AdminDeps, AdminTenant, Fetch } from './types.ts';

export const GO_LIVE_CALLS = 20;
export const POLL_WINDOW_MS = 15 * 60_000;

export interface RecordedCall {
  at: number;
  method: string;
  /** The eSignature path with ids replaced (`/accounts/{accountId}/envelopes/{envelopeId}`). */
  path: string;
  status: number;
  errorCode?: string;
  /** Set for a status read of one envelope within 15 minutes of the previous read. */
  polling?: { envelopeId: string };
}

export interface GoLiveCheck {
  id: 'consecutive_clean_calls' | 'no_errors' | 'no_polling';
  title: string;
  passed: boolean;
  detail: string;
  fix?: string;
}

export interface GoLiveReport {
  tenant: { id: string; name: string };
  environment: string;
  passed: boolean;
  calls: RecordedCall[];
  longestCleanRun: number;
  checks: GoLiveCheck[];
}

/** What a flow can do: one SignBridge send (returns the envelope id) and raw eSignature GETs. */
export interface GoLiveActions {
  send(n: number): Promise<string | undefined>;
  get(path: string): Promise<number>;
}

export type GoLiveFlow = (actions: GoLiveActions, calls: number) => Promise<void>;

/** SignBridge's flow: a send per call; it never reads an envelope's status (Connect tells it). */
export const sendFlow: GoLiveFlow = async (actions, calls) => {
  for (let n = 1; n <= calls; n++) await actions.send(n);
};

/** The companion server's send, as the go-live run drives it: `POST /v1/envelopes`, in-process. */
export type SendThroughServer = (input: { fetch: Fetch; token: string; accountId: string; email: string; name: string; n: number; now: () => number }) => Promise<string | undefined>;

const template = (path: string): string =>
  path.replace(/\/accounts\/[^/]+/, '/accounts/{accountId}').replace(/\/envelopes\/[0-9a-f-]{36}/i, '/envelopes/{envelopeId}');

/** Wraps fetch: every eSignature call is recorded, and a status read within 15 minutes of the last is marked polling. */
export function recordingFetch(inner: Fetch, now: () => number): { fetch: Fetch; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const lastRead = new Map<string, number>();
  const fetch: Fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const res = await inner(request);
    if (!url.pathname.includes('/restapi/')) return res;
    const at = now();
    const read = request.method === 'GET' ? /\/envelopes\/([0-9a-f-]{36})$/i.exec(url.pathname)?.[1] : undefined;
    const previous = read !== undefined ? lastRead.get(read) : undefined;
    if (read !== undefined) lastRead.set(read, at);
    let errorCode: string | undefined;
    if (res.status >= 400) {
      const body = (await res.clone().json().catch(() => undefined)) as { errorCode?: unknown } | undefined;
      errorCode = typeof body?.errorCode === 'string' ? body.errorCode : `HTTP_${res.status}`;
    }
    calls.push({
      at,
      method: request.method,
      path: template(url.pathname.replace(/^.*\/restapi/, '')),
      status: res.status,
      ...(errorCode !== undefined ? { errorCode } : {}),
      ...(read !== undefined && previous !== undefined && at - previous < POLL_WINDOW_MS ? { polling: { envelopeId: read } } : {}),
    });
    return res;
  };
  return { fetch, calls };
}

export function judge(calls: readonly RecordedCall[], required = GO_LIVE_CALLS, failedSends = 0): Pick<GoLiveReport, 'passed' | 'longestCleanRun' | 'checks'> {
  let run = 0;
  let longest = 0;
  for (const call of calls) {
    run = call.status < 400 && call.polling === undefined ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const errors = calls.filter((c) => c.status >= 400);
  const polls = calls.filter((c) => c.polling !== undefined);
  const codes = [...new Set(errors.map((c) => c.errorCode ?? `HTTP_${c.status}`))];
  const polled = [...new Set(polls.map((c) => c.polling?.envelopeId ?? ''))];
  const checks: GoLiveCheck[] = [
    {
      id: 'consecutive_clean_calls',
      title: `${required} consecutive successful eSignature calls`,
      passed: longest >= required,
      detail: `The longest run of clean calls is ${longest} of ${calls.length}.`,
      ...(longest >= required ? {} : { fix: 'Make the calls again once the errors and polling below are fixed.' }),
    },
    {
      id: 'no_errors',
      title: 'No errors',
      passed: errors.length === 0 && failedSends === 0,
      detail:
        errors.length === 0 && failedSends === 0
          ? 'Every call succeeded.'
          : `${errors.length} call(s) failed${codes.length ? `: ${codes.join(', ')}` : ''}; ${failedSends} send(s) did not create an envelope.`,
      ...(errors.length === 0 && failedSends === 0 ? {} : { fix: 'Run the connection check (npm run admin -- check) and fix what it names.' }),
    },
    {
      id: 'no_polling',
      title: 'No polling',
      passed: polls.length === 0,
      detail:
        polls.length === 0
          ? 'No envelope’s status was read more than once in 15 minutes.'
          : `Envelope status polled: ${polls.length} read(s) of ${polled.join(', ')} within 15 minutes of the previous read.`,
      ...(polls.length === 0 ? {} : { fix: 'Do not read an envelope’s status more than once per 15 minutes; let DocuSign Connect report changes.' }),
    },
  ];
  return { passed: checks.every((c) => c.passed), longestCleanRun: longest, checks };
}

export async function runGoLive(
  tenant: AdminTenant,
  deps: AdminDeps,
  options: { sendThroughServer: SendThroughServer; flow?: GoLiveFlow; calls?: number },
): Promise<Outcome<GoLiveReport>> {
  const env = deps.environment(tenant);
  if (!env) return refused('unknown_environment', `Tenant ${tenant.id} names an unknown environment "${tenant.environment}".`);
  if (env.name === 'production') {
    return refused('production_refused', 'The go-live run makes test sends: it runs against DocuSign’s developer environment only, never production.');
  }
  const calls = options.calls ?? GO_LIVE_CALLS;
  const session = await systemUserToken(tenant, deps, JWT_SCOPES);
  if (!session.ok) return session;
  const { token } = session.value;
  const info = await fetchUserInfo(deps, env, token);
  if (typeof info === 'string') return refused('userinfo_failed', info);
  const account = info.accounts.find((a) => a.account_id.toLowerCase() === tenant.accountId.toLowerCase());
  if (!account) return refused('system_user_not_member', `The system user is not a member of account ${tenant.accountId}. Run the check.`);
  const recorder = recordingFetch(deps.fetch, deps.now);
  let failedSends = 0;
  const actions: GoLiveActions = {
    send: async (n) => {
      const id = await options.sendThroughServer({ fetch: recorder.fetch, token, accountId: account.account_id, email: info.email ?? '', name: info.name ?? 'SignBridge', n, now: deps.now });
      if (id === undefined) failedSends += 1;
      return id;
    },
    get: async (path) => {
      const res = await recorder.fetch(`${account.base_uri}/restapi/v2.1/accounts/${account.account_id}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.body?.cancel();
      return res.status;
    },
  };
  await (options.flow ?? sendFlow)(actions, calls);
  return { ok: true, value: { tenant: { id: tenant.id, name: tenant.name }, environment: env.name, calls: recorder.calls, ...judge(recorder.calls, calls, failedSends) } };
}
