/** The words for a field's kind and its signer, shared by the step's controls and each field's name. */
import type { FieldKind } from '../../shared/api-send.ts';
import { t } from '../../shared/i18n.ts';
import type { Recipient } from '../../shared/messages.ts';

const KIND_KEYS = {
  signHere: 'dialog_fieldKindSignHere',
  initialHere: 'dialog_fieldKindInitials',
  dateSigned: 'dialog_fieldKindDateSigned',
  fullName: 'dialog_fieldKindFullName',
  text: 'dialog_fieldKindText',
} as const satisfies Record<FieldKind, string>;

export const kindLabel = (kind: FieldKind): string => t(KIND_KEYS[kind]);

/** The signer's name as typed, else "Signer N" (N: their place among the signers, as /snN/ counts). */
export function signerName(recipients: readonly Recipient[], index: number): string {
  const name = recipients[index]?.name.trim();
  if (name) return name;
  const n = recipients.slice(0, index + 1).filter((r) => r.role === 'signer').length;
  return t('dialog_fieldsSignerN', String(n));
}
