/**
 * The placed fields of one send, as a pure reducer over the recipients' `fields`: place, move (drag
 * or arrow keys), remove. The dialog's one state keeps the fields on their recipients (state.ts
 * `editRecipient`), so removing a signer removes their fields and the send carries what is shown.
 */
import type { FieldKind, FieldRequest } from '../../shared/api-send.ts';
import { FIELD_LIMITS, MAX_ANCHORS_PER_SIGNER } from '../../shared/api-send.ts';
import type { Recipient } from '../../shared/messages.ts';
import type { PageSize, Point } from './geometry.ts';

export type Placed = Extract<FieldRequest, { document: number }>;

/** As many as the worker's schema takes: DocuSign's 50 per signer, less room for the anchored ones. */
export const MAX_PLACED = FIELD_LIMITS.maxPerSigner - MAX_ANCHORS_PER_SIGNER;

export type FieldsAction =
  | { type: 'place'; recipient: number; kind: FieldKind; document: number; page: number; at: Point; size: PageSize }
  | { type: 'move'; recipient: number; field: number; to: Point; size: PageSize }
  | { type: 'nudge'; recipient: number; field: number; by: Point; size: PageSize }
  | { type: 'remove'; recipient: number; field: number };

const clamp = (value: number, max: number) => Math.round(Math.min(Math.max(0, value), max) * 10) / 10;
const within = (p: Point, size: PageSize): Point => ({ x: clamp(p.x, size.width), y: clamp(p.y, size.height) });

export const placedOf = (recipient: Recipient | undefined): Placed[] =>
  (recipient?.fields ?? []).filter((f): f is Placed => 'document' in f);

/** The recipient's new `fields`, or null when the action changes nothing (not a signer, full, no such field). */
export function reduceFields(recipients: readonly Recipient[], action: FieldsAction): FieldRequest[] | null {
  const recipient = recipients[action.recipient];
  if (recipient?.role !== 'signer') return null;
  const fields = recipient.fields ?? [];
  const placed = placedOf(recipient);
  switch (action.type) {
    case 'place': {
      if (placed.length >= MAX_PLACED) return null;
      const { x, y } = within(action.at, action.size);
      return [...fields, { kind: action.kind, document: action.document, page: action.page, x, y }];
    }
    case 'move':
    case 'nudge': {
      const target = placed[action.field];
      if (!target) return null;
      const to = action.type === 'move' ? action.to : { x: target.x + action.by.x, y: target.y + action.by.y };
      const moved = { ...target, ...within(to, action.size) };
      return fields.map((f) => (f === target ? moved : f));
    }
    case 'remove': {
      const target = placed[action.field];
      return target ? fields.filter((f) => f !== target) : null;
    }
  }
}

/** Placed fields across all signers (for the form's summary and the Done button). */
export const countPlaced = (recipients: readonly Recipient[]): number =>
  recipients.filter((r) => r.role === 'signer').reduce((n, r) => n + placedOf(r).length, 0);
