/**
 * The test's hands on a recipient who got DocuSign's e-mail: open the envelope, sign it or decline it,
 * as that person would from the link in the mail (the simulator sends no mail). Also what reminders the
 * simulator "e-mailed". A handle for in-process tests and the same powers under `/_sim` for others.
 */
import { Hono } from 'hono';
import type { SimEnv } from './env.ts';
import { isCurrent, markDeclined, markDelivered, markSigned, type Announce } from './lifecycle.ts';
import type { Store } from './store.ts';
import type { SimResend } from './types.ts';

export type RecipientAction = 'open' | 'sign' | 'decline';
const ACTIONS: readonly RecipientAction[] = ['open', 'sign', 'decline'];

export interface RecipientControl {
  /** Acts as the recipient; `false` when the envelope, the recipient, or its turn is missing. */
  actAsRecipient(envelopeId: string, recipientId: string, action: RecipientAction, reason?: string): boolean;
  /** Reminders sent through `resend_envelope=true`, oldest first. */
  resends(): SimResend[];
}

export function createRecipientControl(store: Store, announce: Announce): RecipientControl {
  return {
    actAsRecipient(envelopeId, recipientId, action, reason = '') {
      const e = store.envelopes.get(envelopeId.toLowerCase());
      const r = e?.recipients.signers.find((s) => s.recipientId === recipientId);
      // Signing links of a voided or finished envelope no longer work; nor does a signer whose turn has not come.
      if (!e || !r || (e.status !== 'sent' && e.status !== 'delivered') || !isCurrent(r)) return false;
      const now = store.now();
      if (action === 'open') markDelivered(e, r, now, announce);
      else if (action === 'sign') markSigned(e, r, now, announce);
      else markDeclined(e, r, reason.slice(0, 200), now, announce);
      return true;
    },
    resends: () => store.resends.map((r) => ({ ...r })),
  };
}

/**
 * `POST /_sim/envelopes/{envelopeId}/recipients/{recipientId}/{open|sign|decline}` `{ reason? }` and
 * `GET /_sim/resends`. Mounted after `controlRoutes`, whose `/_sim/*` guard (no cross-site callers,
 * JSON only) runs before these handlers.
 */
export function recipientControlRoutes(control: RecipientControl): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.post('/_sim/envelopes/:envelopeId/recipients/:recipientId/:action', async (c) => {
    const action = c.req.param('action') as RecipientAction;
    if (!ACTIONS.includes(action)) return c.json({ error: 'bad_request', message: `action must be one of ${ACTIONS.join(', ')}` }, 400);
    let reason = '';
    try {
      const body: unknown = await c.req.json();
      if (typeof body === 'object' && body !== null && typeof (body as { reason?: unknown }).reason === 'string') reason = (body as { reason: string }).reason;
    } catch {
      // An empty body is fine: no reason.
    }
    const done = control.actAsRecipient(c.req.param('envelopeId'), c.req.param('recipientId'), action, reason);
    if (!done) return c.json({ error: 'conflict', message: 'No such envelope or signer, or it is not that signer’s turn.' }, 409);
    return c.json({ ok: true });
  });
  app.get('/_sim/resends', (c) => c.json(control.resends()));
  return app;
}
