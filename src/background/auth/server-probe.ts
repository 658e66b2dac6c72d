/**
 * Before the options page saves a server address, the worker checks that a SignBridge server answers
 * there (`GET <url>/v1/config`, the first thing every sign-in asks it), within a few seconds, so
 * "Saved." never stands beside an address that cannot work. The cause is named in plain words.
 */
import * as v from 'valibot';
import { ConfigResponse } from '../../shared/api.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { err, ok, type Result } from '../../shared/result.ts';

export const PROBE_TIMEOUT_MS = 5_000;

export async function probeServer(serverUrl: string, fetchFn: typeof fetch, timeoutMs = PROBE_TIMEOUT_MS): Promise<Result<{ reachable: true }>> {
  const unreachable = (cause: string) => err(ErrorCodes.SERVER_UNREACHABLE, t('options_unreachable', serverUrl, cause));
  let response: Response;
  try {
    response = await fetchFn(`${serverUrl}/v1/config`, {
      headers: { Accept: 'application/json' },
      credentials: 'omit',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return unreachable(timedOut ? t('options_causeTimeout', String(Math.round(timeoutMs / 1000))) : t('options_causeNetwork'));
  }
  if (!response.ok) return unreachable(t('options_causeStatus', String(response.status)));
  const body: unknown = await response.json().catch(() => null);
  return v.is(ConfigResponse, body) ? ok({ reachable: true as const }) : unreachable(t('options_causeNotSignBridge'));
}
