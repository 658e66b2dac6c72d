/**
 * The status feature's runtime messages and its port protocol (issue 16), declared once like every
 * other message (spread into `messages` in messages.ts). Everything here is answered by the worker
 * from SignBridge's own server, which learnt it from DocuSign Connect; nothing asks DocuSign.
 */
import * as v from 'valibot';
import type { EnvelopeState, EnvelopeStatusView } from './status-api.ts';

type SenderKind = 'content' | 'extension-page';

/** What the page button shows about a sent document, derived from the server's envelope status. */
export interface DocumentStatus {
  /** `signing`: some but not all signers have signed ("Signed by 1 of 2"). */
  state: EnvelopeState | 'signing';
  /** When the state was reached (epoch ms), if the server knows. */
  at?: number | undefined;
  signed: number;
  of: number;
}

/** One line of the popup's recent envelopes. */
export interface RecentEnvelope {
  envelopeId: string;
  subject: string;
  document: string;
  status: DocumentStatus;
  /** The page it was sent from (http(s) only), and its title. */
  page?: { url: string; title?: string | undefined } | undefined;
}

/** Port `STATUS_PORT`: the content script of a page with sent documents listens for changes. */
export const STATUS_PORT = 'signbridge-status';

/** Content script → worker over the status port. */
export const statusPortMessage = v.strictObject({
  type: v.literal('watch'),
  pageUrl: v.pipe(v.string(), v.maxLength(4096), v.url(), v.regex(/^https?:\/\//i)),
});
export type StatusPortMessage = v.InferOutput<typeof statusPortMessage>;

/** Worker → content script over the status port: the states of the page's documents, by document URL. */
export interface StatusPortUpdate {
  type: 'status';
  documents: Record<string, DocumentStatus>;
}

/** Port `STATUS_PANEL_PORT`: the status panel (the dialog frame) follows its envelope while it is open. */
export const STATUS_PANEL_PORT = 'signbridge-status-panel';

/** Status panel → worker: follow the envelope of this dialog session's document. */
export const statusPanelPortMessage = v.strictObject({ type: v.literal('follow'), sessionId: v.pipe(v.string(), v.uuid()) });
export type StatusPanelPortMessage = v.InferOutput<typeof statusPanelPortMessage>;

/** Worker → status panel: the envelope as the server now knows it (once when the stream is ready, then each change). */
export interface StatusPanelUpdate {
  type: 'envelope';
  envelope: EnvelopeStatusView;
}

interface Def<S extends v.GenericSchema, R> {
  readonly request: S;
  readonly senders: readonly SenderKind[];
  readonly response?: R;
}
const define = <R>() => <S extends v.GenericSchema>(def: Omit<Def<S, R>, 'response'>): Def<S, R> => def;
const session = { sessionId: v.pipe(v.string(), v.uuid()) };

export const statusMessages = {
  /** The status panel: the envelope its dialog session's document was sent in, with each recipient. */
  statusDetail: define<EnvelopeStatusView>()({ request: v.strictObject(session), senders: ['extension-page'] }),
  /** Remind: DocuSign e-mails the signers whose turn it is again. */
  statusRemind: define<{ reminded: number }>()({ request: v.strictObject(session), senders: ['extension-page'] }),
  /** Void, with the reason DocuSign shows the recipients (required; DocuSign keeps 200 characters). */
  statusVoid: define<EnvelopeStatusView>()({
    request: v.strictObject({
      ...session,
      reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'give a reason'), v.maxLength(200, 'at most 200 characters')),
    }),
    senders: ['extension-page'],
  }),
  /** Download the signed (combined) PDF with its certificate of completion into the user's downloads. */
  statusDownload: define<{ started: true }>()({ request: v.strictObject(session), senders: ['extension-page'] }),
  /** The popup: the caller's most recently changed envelopes, across sites. */
  statusRecent: define<{ envelopes: RecentEnvelope[] }>()({ request: v.strictObject({}), senders: ['extension-page'] }),
} as const;
