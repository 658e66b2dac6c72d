/**
 * The worker's client of SignBridge's status API (`src/shared/status-api.ts`): the envelopes of a page,
 * one envelope, Remind, Void, and the server-sent event stream. It talks to OUR server only, with the
 * credential of the login (or member session) the page's site sends with; DocuSign is never asked, so
 * nothing here counts against DocuSign's polling limits. Every answer is validated before it is used.
 */
import * as v from 'valibot';
import { ErrorCodes } from '../shared/errors.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { ENVELOPE_EVENT, EnvelopeListResponse, EnvelopeStatusView } from '../shared/status-api.ts';
import type { AccessGrant } from './documents.ts';
import { readServerError } from './send-request.ts';
import { readEvents } from './status-stream.ts';

export type Fetch = typeof fetch;
const UNREACHABLE = 'The SignBridge server cannot be reached. Check your connection and try again.';

export const apiUrl = (grant: AccessGrant, path: string) => `${grant.serverUrl.replace(/\/+$/, '')}${path}`;
export const authorization = (grant: AccessGrant) => ({ Authorization: `Bearer ${grant.accessToken}` });

export async function request<S extends v.GenericSchema>(fetcher: Fetch, grant: AccessGrant, path: string, schema: S, init: RequestInit = {}): Promise<Result<v.InferOutput<S>>> {
  let response: Response;
  try {
    response = await fetcher(apiUrl(grant, path), { ...init, headers: { ...authorization(grant), ...init.headers }, credentials: 'omit', cache: 'no-store' });
  } catch {
    return err(ErrorCodes.SERVER_UNREACHABLE, UNREACHABLE);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) return readServerError(response.status, body);
  const parsed = v.safeParse(schema, body);
  return parsed.success ? ok(parsed.output) : err(ErrorCodes.SEND_FAILED, 'The SignBridge server gave an answer SignBridge does not understand. Update the server or the extension.');
}

const envelopePath = (id: string) => `/v1/envelopes/${encodeURIComponent(id)}`;

export const statusApi = {
  forPage: (f: Fetch, g: AccessGrant, pageUrl: string) => request(f, g, `/v1/envelopes?source=${encodeURIComponent(pageUrl)}&limit=200`, EnvelopeListResponse),
  recent: (f: Fetch, g: AccessGrant, limit: number) => request(f, g, `/v1/envelopes?limit=${limit}`, EnvelopeListResponse),
  detail: (f: Fetch, g: AccessGrant, id: string) => request(f, g, envelopePath(id), EnvelopeStatusView),
  remind: (f: Fetch, g: AccessGrant, id: string) =>
    request(f, g, `${envelopePath(id)}/reminders`, v.object({ reminded: v.array(v.string()) }), { method: 'POST' }),
  voidEnvelope: (f: Fetch, g: AccessGrant, id: string, reason: string) =>
    request(f, g, `${envelopePath(id)}/void`, EnvelopeStatusView, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason }),
    }),
  documentUrl: (g: AccessGrant, id: string) => apiUrl(g, `${envelopePath(id)}/document`),
};

export type StreamEvent = { kind: 'ready' } | { kind: 'envelope'; envelope: EnvelopeStatusView };

/**
 * `GET /v1/envelope-events` with fetch and a stream reader (a service worker has no EventSource):
 * calls `onEvent` for `ready` and each valid `envelope` event until the stream ends or `signal` aborts.
 * Resolves with why it ended; the caller decides whether to open it again.
 */
export async function followEvents(fetcher: Fetch, grant: AccessGrant, signal: AbortSignal, onEvent: (event: StreamEvent) => void): Promise<Result<'ended'>> {
  let response: Response;
  try {
    response = await fetcher(apiUrl(grant, '/v1/envelope-events'), {
      headers: { ...authorization(grant), Accept: 'text/event-stream' },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch {
    return err(ErrorCodes.SERVER_UNREACHABLE, UNREACHABLE);
  }
  if (!response.ok || !response.body) return readServerError(response.status, await response.json().catch(() => undefined));
  try {
    for await (const event of readEvents(response.body)) {
      if (event.name === 'ready') onEvent({ kind: 'ready' });
      if (event.name !== ENVELOPE_EVENT) continue;
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        continue;
      }
      const parsed = v.safeParse(EnvelopeStatusView, data);
      if (parsed.success) onEvent({ kind: 'envelope', envelope: parsed.output });
    }
  } catch {
    // Aborted, or the connection dropped: the same as an end.
  }
  return ok('ended');
}
