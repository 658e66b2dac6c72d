/**
 * "Test connection" in the popup: the worker asks the companion server the login in use was linked
 * through to check it (`POST /v1/check`) with the login's access token, which never leaves the worker;
 * the popup gets the steps as codes and words them itself.
 */
import type { UserCheckReport } from '../shared/check-api.ts';
import { ErrorCodes } from '../shared/errors.ts';
import { t } from '../shared/i18n.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Auth } from './auth/index.ts';
import { selectedLogin } from './auth/index.ts';
import { readServerError } from './send-request.ts';

export async function checkConnection(auth: Pick<Auth, 'logins' | 'grantFor'>, fetchFn: typeof fetch): Promise<Result<UserCheckReport>> {
  const status = await auth.logins.status();
  const selected = selectedLogin(status);
  if (!selected) return err(ErrorCodes.NOT_LINKED, t('admin_check_no_login'));
  const account = selected.login.accounts.find((a) => a.accountId === selected.accountId);
  if (!account) return err(ErrorCodes.NOT_LINKED, t('admin_check_no_account'));
  const grant = await auth.grantFor(selected.login.key);
  if (!grant.ok) return grant;
  let response: Response;
  try {
    response = await fetchFn(`${grant.value.serverUrl.replace(/\/+$/, '')}/v1/check`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${grant.value.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ accountId: account.accountId, baseUri: account.baseUri }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    return err(ErrorCodes.SERVER_UNREACHABLE, t('admin_check_unreachable'));
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status !== 200) return readServerError(response.status, body);
  return isReport(body) ? ok(body) : err(ErrorCodes.SEND_FAILED, t('admin_check_unexpected'));
}

function isReport(body: unknown): body is UserCheckReport {
  if (typeof body !== 'object' || body === null) return false;
  const { ok: passed, steps } = body as Record<string, unknown>;
  return typeof passed === 'boolean' && Array.isArray(steps) && steps.length <= 10 && steps.every((s) => typeof s === 'object' && s !== null && typeof (s as { id?: unknown }).id === 'string');
}
