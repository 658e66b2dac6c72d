/**
 * How an envelope and its recipients move, as DocuSign moves them: recipients are sent in routing
 * order; `sent` → `delivered` (opened) → `completed` (signed) or `declined`; the envelope follows its
 * signers. Every change is announced to Connect.
 */
import type { SimEnvelope, SimRecipient } from './types.ts';

export type Announce = (envelope: SimEnvelope, event: string, recipient?: SimRecipient) => void;

const iso = (ms: number): string => new Date(ms).toISOString();
const all = (e: SimEnvelope): SimRecipient[] => [...e.recipients.signers, ...e.recipients.carbonCopies];

function touch(e: SimEnvelope, now: number): void {
  e.statusChangedDateTime = now;
  e.lastModifiedDateTime = now;
}

/** Sends the recipients of the lowest routing order that still has unsent recipients. */
function sendNextRouting(e: SimEnvelope, now: number, announce: Announce): void {
  const waiting = all(e).filter((r) => r.status === 'created');
  if (waiting.length === 0) return;
  const order = Math.min(...waiting.map((r) => Number(r.routingOrder)));
  for (const r of waiting) {
    if (Number(r.routingOrder) !== order) continue;
    r.status = 'sent';
    r.sentDateTime = iso(now);
    announce(e, 'recipient-sent', r);
  }
  // Carbon copies that are the only recipients of their order do not hold up routing.
  const signersAtOrder = e.recipients.signers.filter((s) => Number(s.routingOrder) === order);
  if (signersAtOrder.length === 0) sendNextRouting(e, now, announce);
}

export function sendEnvelope(e: SimEnvelope, now: number, announce: Announce): void {
  e.status = 'sent';
  e.sentDateTime = now;
  touch(e, now);
  announce(e, 'envelope-sent');
  sendNextRouting(e, now, announce);
}

/** A recipient whose turn it is: sent to and not finished. */
export const isCurrent = (r: SimRecipient): boolean => r.status === 'sent' || r.status === 'delivered';

export function markDelivered(e: SimEnvelope, r: SimRecipient, now: number, announce: Announce): void {
  if (r.status !== 'sent') return;
  r.status = 'delivered';
  r.deliveredDateTime = iso(now);
  e.lastModifiedDateTime = now;
  announce(e, 'recipient-delivered', r);
  if (e.status === 'sent' && e.recipients.signers.every((s) => s.status === 'delivered' || s.status === 'completed')) {
    e.status = 'delivered';
    e.deliveredDateTime = now;
    touch(e, now);
    announce(e, 'envelope-delivered');
  }
}

export function markSigned(e: SimEnvelope, r: SimRecipient, now: number, announce: Announce): void {
  if (!isCurrent(r)) return;
  if (r.status === 'sent') markDelivered(e, r, now, announce);
  r.status = 'completed';
  r.signedDateTime = iso(now);
  touch(e, now);
  announce(e, 'recipient-completed', r);
  if (e.recipients.signers.every((s) => s.status === 'completed')) {
    for (const cc of e.recipients.carbonCopies) cc.status = 'completed';
    e.status = 'completed';
    e.completedDateTime = now;
    announce(e, 'envelope-completed');
    return;
  }
  if (!all(e).some(isCurrent)) sendNextRouting(e, now, announce);
}

export function markVoided(e: SimEnvelope, reason: string, now: number, announce: Announce): void {
  e.status = 'voided';
  e.voidedDateTime = now;
  e.voidedReason = reason;
  touch(e, now);
  announce(e, 'envelope-voided');
}

export function markDeclined(e: SimEnvelope, r: SimRecipient, reason: string, now: number, announce: Announce): void {
  if (!isCurrent(r)) return;
  r.status = 'declined';
  r.declinedDateTime = iso(now);
  r.declinedReason = reason;
  e.status = 'declined';
  e.declinedDateTime = now;
  touch(e, now);
  announce(e, 'recipient-declined', r);
  announce(e, 'envelope-declined');
}
