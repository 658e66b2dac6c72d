/** The status panel's recipients: who, in which role, and where each one stands, with the time. */
import { t } from '../../shared/i18n.ts';
import type { RecipientStatusView } from '../../shared/status-api.ts';
import { momentText } from '../../shared/status-text.ts';

const at = (iso: string | undefined) => momentText(iso === undefined ? undefined : Date.parse(iso));

export function recipientText(r: RecipientStatusView): string {
  switch (r.status) {
    case 'created':
      return t('status_recipientWaiting');
    case 'sent':
      return t('status_stateSent', at(r.sentAt));
    case 'delivered':
      return t('status_recipientDelivered', at(r.deliveredAt));
    case 'completed':
      return r.kind === 'signer' ? t('status_recipientSigned', at(r.completedAt)) : t('status_recipientCopied', at(r.completedAt));
    case 'declined':
      return t('status_recipientDeclined', at(r.declinedAt));
  }
}

export function RecipientList({ recipients }: { recipients: RecipientStatusView[] }) {
  const ordered = [...recipients].sort((a, b) => a.routingOrder - b.routingOrder);
  return (
    <section aria-labelledby="recipients-heading">
      <h2 id="recipients-heading">{t('status_recipientsHeading')}</h2>
      <ul class="recipients">
        {ordered.map((r) => (
          <li key={r.recipientId} data-testid="recipient-status" data-state={r.status}>
            <span class="who">
              <strong>{r.name}</strong> <span class="muted">{r.email} · {r.kind === 'signer' ? t('status_roleSigner') : t('status_roleCopy')}</span>
            </span>
            <span class="where">{recipientText(r)}</span>
            {r.declinedReason ? <span class="muted reason">{t('status_reason', r.declinedReason)}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
