/**
 * The companion server's member-session endpoints: `POST /v1/sessions` turns a verified ID token into
 * a SignBridge session, `DELETE /v1/sessions/current` ends it. The session token is sent to the
 * server only, in the Authorization header, never in a URL.
 */
import * as v from 'valibot';
import { SessionResponse, type SessionRequest } from '../../shared/api.ts';
import { ErrorCodes } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { readServerError } from '../send-request.ts';

const base = (serverUrl: string) => serverUrl.replace(/\/+$/, '');

export async function createSession(fetchFn: typeof fetch, serverUrl: string, body: SessionRequest): Promise<Result<SessionResponse>> {
  let response: Response;
  try {
    response = await fetchFn(`${base(serverUrl)}/v1/sessions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    return err(ErrorCodes.SERVER_UNREACHABLE, 'unreachable');
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return readServerError(response.status, answer);
  const parsed = v.safeParse(SessionResponse, answer);
  return parsed.success ? ok(parsed.output) : err(ErrorCodes.SERVER_UNREACHABLE, 'not a session answer');
}

/** Ends the session on the server; `false` when the server could not be reached (the session then just expires). */
export async function endSession(fetchFn: typeof fetch, serverUrl: string, token: string): Promise<boolean> {
  try {
    const response = await fetchFn(`${base(serverUrl)}/v1/sessions/current`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'omit',
    });
    // 401: already expired or revoked there, which is what signing out wants.
    return response.ok || response.status === 401;
  } catch {
    return false;
  }
}
