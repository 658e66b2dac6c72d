/**
 * `POST /connect/docusign`: DocuSign Connect's JSON (SIM) messages. Checked before anything changes:
 * a bounded body, then the HMAC of the raw bytes against the keys of the account the message names
 * (a message signed with another account's key fails). A genuine message is stored durably and only
 * then acknowledged with 200; DocuSign retries anything else
 * (https://developers.docusign.com/platform/webhooks/connect/validate).
 */
import { Hono } from 'hono';
import { ErrorCodes } from '../shared/errors.ts';
import { readAtMost } from '../shared/stream.ts';
import { errorBody, type AppEnv } from './env.ts';
import type { ConnectKeys } from './connect-keys.ts';
import { accountIdOf, readConnectMessage } from './connect-message.ts';
import { verifyConnectSignature } from './connect-verify.ts';
import type { Ingest } from './status-ingest.ts';

export const CONNECT_PATH = '/connect/docusign';
/** A message with `recipients` data and no documents is a few kB; DocuSign's envelopes have at most 100s of recipients. */
export const MAX_CONNECT_BYTES = 512 * 1024;

export interface ConnectRouteDeps {
  keys: ConnectKeys;
  ingest: Ingest;
  maxBytes?: number;
}

/**
 * The raw body, never more than `max` bytes. DocuSign declares a Content-Length, and Node's HTTP parser
 * delivers exactly that many bytes, so a declared body within the bound is read whole at once (no web
 * stream around the socket: the cheaper path of @hono/node-server); a chunked body is read as a stream
 * and cut off past the bound.
 */
async function readBody(request: Request, max: number): Promise<Uint8Array | 'too-large'> {
  const declared = request.headers.get('content-length');
  if (declared !== null) return Number(declared) > max ? 'too-large' : new Uint8Array(await request.arrayBuffer());
  return request.body === null ? new Uint8Array(0) : readAtMost(request.body, max);
}

export function connectRoutes(deps: ConnectRouteDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const max = deps.maxBytes ?? MAX_CONNECT_BYTES;
  const unauthorized = () => errorBody(ErrorCodes.CONNECT_SIGNATURE_INVALID, 'The Connect message is not signed with a key of its account.');

  app.post(CONNECT_PATH, async (c) => {
    const log = c.get('log');
    const raw = await readBody(c.req.raw, max);
    if (raw === 'too-large' || raw.byteLength === 0) {
      if (raw !== 'too-large') return c.json(errorBody(ErrorCodes.BAD_REQUEST, 'The Connect message is empty.'), 400);
      return c.json(errorBody(ErrorCodes.PAYLOAD_TOO_LARGE, `A Connect message may have at most ${max} bytes.`), 413);
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      json = undefined;
    }
    // Which keys to try comes from the body itself; that is safe because the same body must carry a valid
    // signature of one of that account's keys.
    const accountId = accountIdOf(json);
    const keys = accountId === undefined ? undefined : deps.keys.get(accountId);
    if (keys === undefined || !verifyConnectSignature(raw, c.req.raw.headers, keys)) {
      log.warn('connect message refused', { reason: keys === undefined ? 'no keys for the account' : 'bad signature', accountId });
      return c.json(unauthorized(), 401);
    }
    const update = readConnectMessage(json);
    if (update === undefined) {
      // Genuine but not something we read: acknowledge, or DocuSign would retry it for days to no end.
      log.warn('connect message not understood', { accountId });
      return c.json({ ok: true, applied: false });
    }
    const result = await deps.ingest.submit(update);
    if (result.kind === 'unknown') log.info('connect message for an envelope SignBridge did not send', { envelopeId: update.envelopeId });
    else log.info('connect message applied', { envelopeId: update.envelopeId, changed: result.changed, status: result.envelope.status });
    return c.json({ ok: true, applied: result.kind === 'applied' });
  });
  return app;
}
