/**
 * Pure: the server's envelope status (`src/shared/status-api.ts`) as the page button and the popup
 * show it. One function decides the state, so the button, the panel and the popup never disagree.
 */
import type { EnvelopeStatusView } from './status-api.ts';
import type { DocumentStatus, RecentEnvelope } from './status-messages.ts';

/** Signers who have signed, of all signers. */
export function signedCount(e: Pick<EnvelopeStatusView, 'recipients'>): { signed: number; of: number } {
  const signers = e.recipients.filter((r) => r.kind === 'signer');
  return { signed: signers.filter((r) => r.status === 'completed').length, of: signers.length };
}

const ms = (iso: string | undefined): number | undefined => {
  const at = iso === undefined ? NaN : Date.parse(iso);
  return Number.isFinite(at) ? at : undefined;
};

const latest = (times: (string | undefined)[]): number | undefined =>
  times.map(ms).reduce<number | undefined>((a, b) => (b === undefined ? a : a === undefined ? b : Math.max(a, b)), undefined);

/** What the button, the panel and the popup say about `e`; dated by the state's own time, else the last change. */
export function documentStatus(e: EnvelopeStatusView): DocumentStatus {
  const status = stateOf(e);
  return status.at === undefined ? { ...status, at: ms(e.updatedAt) } : status;
}

function stateOf(e: EnvelopeStatusView): DocumentStatus {
  const { signed, of } = signedCount(e);
  const base = { signed, of };
  switch (e.status) {
    case 'voided':
      return { ...base, state: 'voided', at: ms(e.voidedAt) };
    case 'declined':
      return { ...base, state: 'declined', at: ms(e.declinedAt) ?? latest(e.recipients.map((r) => r.declinedAt)) };
    case 'completed':
      return { ...base, state: 'completed', at: ms(e.completedAt) };
    default:
      // Some signers have signed: "Signed by 1 of 2", dated by the latest signature.
      if (signed > 0) return { ...base, state: 'signing', at: latest(e.recipients.map((r) => r.completedAt)) };
      return e.status === 'delivered' ? { ...base, state: 'delivered', at: ms(e.deliveredAt) } : { ...base, state: 'sent', at: ms(e.sentAt) };
  }
}

const httpPage = (url: string | undefined): boolean => url !== undefined && /^https?:\/\//i.test(url);

export function recentEnvelope(e: EnvelopeStatusView): RecentEnvelope {
  return {
    envelopeId: e.envelopeId,
    subject: e.subject,
    document: e.documents[0] ?? e.subject,
    status: documentStatus(e),
    page: e.source && httpPage(e.source.url) ? { url: e.source.url, title: e.source.title } : undefined,
  };
}
