/**
 * The companion server's HTTP API, declared once for the server (which validates with these schemas)
 * and the extension (which builds requests and reads answers with the same types). Versioned under `/v1`.
 *
 * Every error answer has the body `{ error: { code, message, retryAt? } }` with a stable code from
 * `errors.ts`; the message is for the user and says what to do next.
 */
import * as v from 'valibot';
import type { ErrorCode } from './errors.ts';
import { SignerExtras, TemplateUse } from './api-send.ts';

/** Body of every error answer of the server. */
export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** When retrying makes sense again (rate limits), as an ISO 8601 instant. */
    retryAt?: string;
  };
}

// ---------------------------------------------------------------------------------------------------
// GET /v1/config: what the extension needs to link a DocuSign login (public values only).

/** An organization's identity provider the popup offers ("Sign in with <name>"); public values only. */
export const IdentityProviderInfo = v.strictObject({
  /** Opaque and stable; sent back as `identityProviderId` in `POST /v1/sessions`. */
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  /** The company name the popup shows. */
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  issuer: v.pipe(v.string(), v.url()),
  /** The public client (PKCE S256, no secret) registered at the identity provider for SignBridge. */
  clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  scopes: v.array(v.string()),
  /** This server's `/oidc/callback`. */
  redirectUri: v.pipe(v.string(), v.url()),
});
export type IdentityProviderInfo = v.InferOutput<typeof IdentityProviderInfo>;

export const ConfigResponse = v.strictObject({
  /** Origin of the DocuSign account server (`https://account-d.docusign.com`, or the simulator). */
  accountServer: v.pipe(v.string(), v.url()),
  /** The public (PKCE) integration key. */
  clientId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  scopes: v.array(v.string()),
  /** Registered redirect URI: this server's `/oauth/callback`. */
  redirectUri: v.pipe(v.string(), v.url()),
  /** One per distinct (issuer, clientId) among tenants that send as an organization; empty when none. */
  identityProviders: v.optional(v.array(IdentityProviderInfo), []),
});
export type ConfigResponse = v.InferOutput<typeof ConfigResponse>;

// ---------------------------------------------------------------------------------------------------
// POST /v1/envelopes: multipart/form-data with a `request` part (JSON, EnvelopeRequest) and one or more
// `document` parts (the files, in order). Headers: `Authorization: Bearer <DocuSign access token>` and
// `Idempotency-Key`.

/** Multipart part names. */
export const ENVELOPE_REQUEST_PART = 'request';
export const ENVELOPE_DOCUMENT_PART = 'document';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** One id per HTTP attempt (a UUID from the extension), in the server's logs and DocuSign's trace token. */
export const REQUEST_ID_HEADER = 'X-Request-Id';
/**
 * The DocuSign account of `POST /v1/envelopes`, also in a header: the server checks that the caller may
 * send from it before it reads the (up to 60 MB) body; it must equal the request part's `accountId`.
 */
export const ACCOUNT_HEADER = 'SignBridge-Account';
/** Allowed idempotency keys: what a UUID or a ULID looks like, and a bit more. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

export const LIMITS = {
  /** DocuSign's recommended maximum per document. */
  maxDocumentBytes: 25 * 1024 * 1024,
  maxDocuments: 10,
  maxRequestBytes: 60 * 1024 * 1024,
  maxRecipients: 50,
  maxFields: 20,
} as const;

const DocuSignId = v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID'));
const Name = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(100));
const Email = v.pipe(v.string(), v.trim(), v.maxLength(100), v.email('must be an e-mail address'));
const RoutingOrder = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(999));
/** Custom field values are limited to 100 characters by DocuSign (spec `textCustomField.value`). */
const FieldValue = v.pipe(v.string(), v.maxLength(100));
/**
 * Custom-field names the server itself puts on envelopes (`signbridge_request_id`, the lost-answer
 * lookup's key) are reserved: a page's field of that name could make another send adopt this envelope.
 */
export const RESERVED_FIELD_PREFIX = 'signbridge_';
export const isReservedFieldName = (name: string): boolean => name.toLowerCase().startsWith(RESERVED_FIELD_PREFIX);
const FieldName = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z][A-Za-z0-9 _.-]{0,49}$/, 'must be a short plain name'),
  v.check((name) => !isReservedFieldName(name), `must not start with "${RESERVED_FIELD_PREFIX}" (reserved for SignBridge)`),
);

export const SignerRequest = v.pipe(
  v.strictObject({
    name: Name,
    /** Empty only for a signer reached by SMS alone. */
    email: v.optional(v.union([v.literal(''), Email]), ''),
    routingOrder: RoutingOrder,
    /** Signs right now in this browser (embedded, "captive" signer) instead of by e-mail. */
    signsNow: v.optional(v.boolean(), false),
    ...SignerExtras,
  }),
  v.check((s) => s.email !== '' || (s.delivery === 'sms' && !s.signsNow), 'email: needs an e-mail address unless the signer is reached by SMS'),
  v.check((s) => s.phone !== undefined || (s.delivery === 'email' && s.auth === 'none'), 'phone: SMS delivery and authentication need a phone number'),
);

export const CarbonCopyRequest = v.strictObject({
  name: Name,
  email: Email,
  routingOrder: RoutingOrder,
});

export const EnvelopeRequest = v.strictObject({
  accountId: DocuSignId,
  /** DocuSign refuses subjects longer than 100 characters (spec `envelopeDefinition.emailSubject`). */
  subject: Name,
  message: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
  signers: v.pipe(v.array(SignerRequest), v.minLength(1, 'needs at least one signer'), v.maxLength(LIMITS.maxRecipients)),
  carbonCopies: v.optional(v.pipe(v.array(CarbonCopyRequest), v.maxLength(LIMITS.maxRecipients)), []),
  /** Values taken from the page (client, deal number, ...), kept on the envelope as custom fields. */
  fields: v.optional(
    v.pipe(v.array(v.strictObject({ name: FieldName, value: FieldValue })), v.maxLength(LIMITS.maxFields)),
    [],
  ),
  /** Send from a saved DocuSign template (signers then name their `role`); the documents are added to it. */
  template: v.optional(TemplateUse),
  /** The page the documents came from. */
  source: v.optional(
    v.strictObject({
      url: v.pipe(v.string(), v.maxLength(2048), v.url()),
      title: v.optional(v.pipe(v.string(), v.maxLength(300))),
    }),
  ),
});
export type EnvelopeRequestInput = v.InferInput<typeof EnvelopeRequest>;
export type EnvelopeRequest = v.InferOutput<typeof EnvelopeRequest>;

export interface EnvelopeRecipient {
  /** DocuSign recipient id; pass it to `signing-sessions` for a signer with `signsNow`. */
  recipientId: string;
  kind: 'signer' | 'carbonCopy';
  name: string;
  email: string;
  routingOrder: number;
  signsNow: boolean;
}

export interface EnvelopeResponse {
  envelopeId: string;
  accountId: string;
  /** DocuSign's status at creation (`sent`). */
  status: string;
  /** Our request id, also stored in the envelope's custom field `signbridge_request_id`. */
  requestId: string;
  recipients: EnvelopeRecipient[];
  /** The request's own documents (after the template's, if one was used). */
  documents: { documentId: string; name: string; type: string; bytes: number; sha256: string }[];
  /** The template used, if any. */
  templateId?: string;
}

// ---------------------------------------------------------------------------------------------------
// POST /v1/envelopes/{envelopeId}/signing-sessions: a fresh embedded-signing URL for a captive signer.

export const SigningSessionRequest = v.strictObject({
  accountId: DocuSignId,
  recipientId: v.pipe(v.string(), v.regex(/^[0-9]{1,9}$/, 'must be a recipient id')),
});
export type SigningSessionRequest = v.InferOutput<typeof SigningSessionRequest>;

export interface SigningSessionResponse {
  /** Single use, valid for 5 minutes: open it at once, never store it. */
  url: string;
}

// ---------------------------------------------------------------------------------------------------
// POST /v1/envelopes/{envelopeId}/console-views: a fresh URL that opens the envelope in DocuSign's web app.

/**
 * `POST /v1/envelopes/{id}/signing-outcome`: what DocuSign says of a captive signer once its signing tab
 * returned. The return page's `event` is only a claim (anyone can open that URL): the outcome shown is
 * DocuSign's own recipient status.
 */
export const SigningOutcomeRequest = SigningSessionRequest;
export interface SigningOutcomeResponse {
  /** DocuSign's recipient status: `completed` (signed), `declined`, or still in progress (`sent`, `delivered`, ...). */
  status: string;
}

export const ConsoleViewRequest = v.strictObject({ accountId: DocuSignId });
export type ConsoleViewRequest = v.InferOutput<typeof ConsoleViewRequest>;

export interface ConsoleViewResponse {
  /** Single use and short-lived, and it signs the user in to DocuSign: open it at once, never store or log it. */
  url: string;
}

/** The outcomes DocuSign appends as `?event=` to the signing return URL (spec `recipientViewRequest.returnUrl`). */
export const SIGNING_EVENTS = [
  'signing_complete',
  'cancel',
  'decline',
  'exception',
  'fax_pending',
  'id_check_failed',
  'access_code_failed',
  'session_timeout',
  'ttl_expired',
  'viewing_complete',
] as const;
export type SigningEvent = (typeof SIGNING_EVENTS)[number];

// ---------------------------------------------------------------------------------------------------
// Organization members. POST /v1/sessions trades a verified ID token for a SignBridge session
// (`Authorization: Bearer sbs_…` on every other route); GET/DELETE /v1/sessions/current read and end it.

export const SESSION_TOKEN_PREFIX = 'sbs_';

export const SessionRequest = v.strictObject({
  identityProviderId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  /** The ID token the extension got from the identity provider (Authorization Code + PKCE). */
  idToken: v.pipe(v.string(), v.minLength(1), v.maxLength(16 * 1024)),
  /** The nonce the extension generated for that sign-in; single use. */
  nonce: v.pipe(v.string(), v.minLength(16), v.maxLength(256)),
});
export type SessionRequest = v.InferOutput<typeof SessionRequest>;

export const SessionResponse = v.strictObject({
  /** Opaque, starts with `sbs_`; a bearer credential: keep it in the worker only, never log it. */
  session: v.pipe(v.string(), v.startsWith(SESSION_TOKEN_PREFIX)),
  /** ISO 8601. */
  expiresAt: v.string(),
  member: v.strictObject({ sub: v.string(), email: v.string(), name: v.string() }),
  tenant: v.strictObject({ id: v.string(), name: v.string() }),
  /** The accounts the member may send from; empty when its organization does not send through SignBridge. */
  sendAs: v.array(v.strictObject({ accountId: v.string(), accountName: v.string(), site: v.string() })),
});
export type SessionResponse = v.InferOutput<typeof SessionResponse>;

