/**
 * Resending an envelope ("remind") as DocuSign documents it: `PUT .../envelopes/{id}/recipients
 * ?resend_envelope=true` with the recipients to remind (spec Recipients_PutRecipients). The answer is a
 * `recipientsUpdateSummary` with one result per recipient; a recipient who already finished gets
 * `RECIPIENT_UPDATE_FAILED` in its result while the call itself succeeds (spec description); an
 * envelope that is no longer in progress is refused with `ENVELOPE_INVALID_STATUS` (spec description).
 */
import { Hono } from 'hono';
import { array, isObj, scalar } from './body.ts';
import type { SimDeps } from './deps.ts';
import type { SimEnv } from './env.ts';
import { Errors, esignError } from './errors.ts';
import { findEnvelope, guarded } from './envelopes.ts';
import { isCurrent } from './lifecycle.ts';

export function resendRoutes(deps: SimDeps): Hono<SimEnv> {
  const { store } = deps;
  const app = new Hono<SimEnv>();
  app.put(
    '/envelopes/:envelopeId/recipients',
    guarded(async (c) => {
      const e = findEnvelope(c, deps);
      // UNCONFIRMED: DocuSign corrects recipients without resend_envelope; the simulator models only the resend.
      if (c.req.query('resend_envelope') !== 'true') {
        throw esignError(400, 'SIMULATOR_UNSUPPORTED', 'The DocuSign simulator updates recipients only to resend (resend_envelope=true).');
      }
      let body: unknown;
      try {
        body = JSON.parse((await c.req.text()) || '{}');
      } catch (error) {
        throw Errors.badBody(error instanceof Error ? error.message : 'Invalid JSON.');
      }
      if (!isObj(body)) throw Errors.badBody('Expected a JSON object.');
      if (e.status !== 'sent' && e.status !== 'delivered') {
        throw esignError(400, 'ENVELOPE_INVALID_STATUS', 'Invalid envelope status. Envelope status is not one of: Created, Sent, Delivered, Correct.');
      }
      const listed = [...array(body, 'signers', ''), ...array(body, 'carbonCopies', '')];
      if (listed.length === 0) throw Errors.badBody('Name at least one recipient (signers[].recipientId) to resend to.');
      const everyone = [...e.recipients.signers, ...e.recipients.carbonCopies];
      const now = store.now();
      const recipientUpdateResults = listed.map((item, i) => {
        const recipientId = scalar(item, 'recipientId', `signers[${i}].`) ?? '';
        const r = everyone.find((x) => x.recipientId === recipientId);
        if (!r) {
          // UNCONFIRMED: the per-recipient error for a recipient the envelope does not have.
          return { recipientId, errorDetails: { errorCode: 'UNKNOWN_ENVELOPE_RECIPIENT', message: 'The recipient you have identified is not a valid recipient of the specified envelope.' } };
        }
        if (!isCurrent(r)) {
          return {
            recipientId,
            recipientIdGuid: r.recipientIdGuid,
            errorDetails: { errorCode: 'RECIPIENT_UPDATE_FAILED', message: 'The recipient could not be updated.  Recipient not in state that allows correction.' },
          };
        }
        store.resends.push({ envelopeId: e.envelopeId, recipientId, email: r.email, at: now });
        return { recipientId, recipientIdGuid: r.recipientIdGuid };
      });
      e.lastModifiedDateTime = now;
      return c.json({ recipientUpdateResults });
    }),
  );
  return app;
}
