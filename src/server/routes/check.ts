/**
 * `POST /v1/check`: the connection check of a linked DocuSign login, for the popup's "Test connection".
 * The steps of the tenant check (src/admin/check.ts) that apply to a user's own token: DocuSign accepts
 * it (`/oauth/userinfo`, asked afresh, not from the identity cache, so a change shows at once), the user
 * is still a member of the account in use, its base_uri (against the one the extension has), one cheap
 * eSignature call (`GET /v2.1/accounts/{accountId}`) and the hourly headroom from its `X-RateLimit-*`
 * headers (DocuSign "API resource limits"). Organization members get 403: their connection is the
 * tenant's system user, which their administrator checks (`npm run admin -- check`, `/admin`).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { headroom } from '../../admin/check.ts';
import { USER_CHECK_STEPS, type UserCheckReport, type UserCheckStep } from '../../shared/check-api.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { SESSION_PREFIX } from '../caller.ts';
import { DocuSignError, type DocuSignClient, type Fetch, type UserInfo } from '../docusign.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http-error.ts';
import { bearerToken } from '../identity.ts';
import { bad, issueText, readSmallJson } from '../upload.ts';

const CheckRequest = v.strictObject({
  accountId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  baseUri: v.pipe(v.string(), v.maxLength(2048), v.url()),
});

export interface CheckDeps {
  client: DocuSignClient;
  fetch: Fetch;
  now: () => number;
  timeoutMs: number;
}

const hhmm = (ms: number): string => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export function checkRoutes(deps: CheckDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token.startsWith(SESSION_PREFIX)) {
      throw new ApiError(403, ErrorCodes.FORBIDDEN_SENDER, 'Your organization’s administrator checks its DocuSign connection.');
    }
    const parsed = v.safeParse(CheckRequest, await readSmallJson(c, 8 * 1024));
    if (!parsed.success) throw bad(`The check request is not valid: ${issueText(parsed.issues)}.`);
    const report = await checkLogin(deps, token, parsed.output);
    c.get('log').info('connection check', { ok: report.ok, failed: report.steps.filter((s) => s.status === 'failed').map((s) => s.cause) });
    return c.json(report, 200, { 'Cache-Control': 'no-store' });
  });
  return app;
}

async function checkLogin(deps: CheckDeps, token: string, request: v.InferOutput<typeof CheckRequest>): Promise<UserCheckReport> {
  const steps: UserCheckStep[] = [];
  const finish = (): UserCheckReport => {
    for (const id of USER_CHECK_STEPS) if (!steps.some((s) => s.id === id)) steps.push({ id, status: 'skipped' });
    return { ok: steps.every((s) => s.status === 'passed' || s.status === 'warning'), steps };
  };
  let user: UserInfo;
  try {
    user = await deps.client.userinfo(token);
  } catch (error) {
    if (error instanceof DocuSignError && error.status === 401) {
      steps.push({ id: 'token', status: 'failed', cause: 'token_refused' });
    } else {
      steps.push({ id: 'token', status: 'skipped' }, { id: 'userinfo', status: 'failed', cause: 'docusign_unreachable' });
    }
    return finish();
  }
  steps.push({ id: 'token', status: 'passed' }, { id: 'userinfo', status: 'passed', values: { accounts: String(user.accounts.length) } });

  const account = user.accounts.find((a) => a.accountId.toLowerCase() === request.accountId.toLowerCase());
  if (!account) {
    steps.push({ id: 'membership', status: 'failed', cause: 'user_not_member' });
    return finish();
  }
  const name = account.accountName || account.accountId;
  steps.push({ id: 'membership', status: 'passed', values: { account: name } });
  // base_uri only ever from userinfo; the extension's copy is only compared.
  const moved = request.baseUri.replace(/\/+$/, '') !== account.baseUri.replace(/\/+$/, '');
  steps.push(moved ? { id: 'base_uri', status: 'warning', cause: 'base_uri_moved', values: { account: name } } : { id: 'base_uri', status: 'passed' });

  let res: Response;
  try {
    const url = `${account.baseUri.replace(/\/+$/, '')}/restapi/v2.1/accounts/${encodeURIComponent(account.accountId)}`;
    res = await deps.fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(deps.timeoutMs) });
    await res.body?.cancel();
  } catch {
    steps.push({ id: 'esign', status: 'failed', cause: 'docusign_unreachable' });
    return finish();
  }
  steps.push(res.status === 200 ? { id: 'esign', status: 'passed' } : { id: 'esign', status: 'failed', cause: 'esign_call_failed', values: { http: String(res.status) } });
  const room = headroom(res.headers, deps.now());
  if (!room) {
    steps.push({ id: 'rate_limit', status: 'warning', cause: 'rate_limit_unknown' });
  } else {
    const values = { remaining: String(room.remaining), limit: String(room.limit), reset: hhmm(room.resetAt) };
    steps.push(room.low ? { id: 'rate_limit', status: 'failed', cause: 'rate_limit_nearly_spent', values } : { id: 'rate_limit', status: 'passed', values });
  }
  return finish();
}
