/**
 * Stable error codes shared by the extension and the server. Codes never change meaning once shipped;
 * the message next to a code is what the user reads, so it says what to do next.
 */
export const ErrorCodes = {
  // Messaging between extension contexts.
  UNKNOWN_MESSAGE: 'unknown_message',
  FORBIDDEN_SENDER: 'forbidden_sender',
  INVALID_MESSAGE: 'invalid_message',
  INTERNAL: 'internal',
  // Linking DocuSign logins and using their tokens (src/background/auth).
  NOT_LINKED: 'not_linked',
  /**
   * A dead login: DocuSign no longer accepts its tokens (a refresh answered `invalid_grant`, or DocuSign or
   * the companion server answered 401 to its access token on a send, a signing session, "Open in
   * DocuSign" or Refresh accounts), or it was linked through another server than the one in use. The
   * worker has marked the login `needs_reconnect` (LoginView.status) and retries nothing. Answered by
   * `sendEnvelope`, `startSigning`, `openInDocuSign`, `authRefreshAccounts` and `authCheckToken`; the
   * message says why. A page offers Reconnect: `authConnect { mode: 'reconnect', loginKey }` for the
   * login it used (sendingAs.loginKey), which must sign in as the same DocuSign user; then a Retry with
   * the same idempotency key sends once.
   */
  NEEDS_RECONNECT: 'needs_reconnect',
  SERVER_UNREACHABLE: 'server_unreachable',
  PERMISSION_NEEDED: 'permission_needed',
  AUTH_UNREACHABLE: 'auth_unreachable',
  AUTH_FAILED: 'auth_failed',
  INVALID_SETTING: 'invalid_setting',
  // Sending documents (content script, dialog, worker).
  SESSION_EXPIRED: 'session_expired',
  SEND_FAILED: 'send_failed',
  /** The server reports another SHA-256 for the document than the bytes the page gave. */
  DOCUMENT_MISMATCH: 'document_mismatch',
  // Server API.
  BAD_REQUEST: 'bad_request',
  NOT_FOUND: 'not_found',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  /** No or a malformed `Authorization: Bearer` header. */
  UNAUTHENTICATED: 'unauthenticated',
  IDEMPOTENCY_KEY_REQUIRED: 'idempotency_key_required',
  /** The same idempotency key came with a different request. */
  IDEMPOTENCY_KEY_REUSED: 'idempotency_key_reused',
  /** A request with this idempotency key is still being processed (by another server instance). */
  REQUEST_IN_PROGRESS: 'request_in_progress',
  /** This caller sent too many requests to the SignBridge server; `Retry-After` says when to try again. */
  RATE_LIMITED: 'server_rate_limited',
  /** The server instance is shutting down; another instance (or this one, restarted) answers the retry. */
  SHUTTING_DOWN: 'server_shutting_down',
  /** The user is not a member of the DocuSign account the request names. */
  ACCOUNT_NOT_MEMBER: 'account_not_member',
  SIGNER_NOT_EMBEDDED: 'signer_not_embedded',
  // DocuSign said no, or could not be reached.
  DOCUSIGN_TOKEN_EXPIRED: 'docusign_token_expired',
  DOCUSIGN_TOKEN_REVOKED: 'docusign_token_revoked',
  /** DocuSign refuses the token and the server cannot tell why (never seen it work). */
  DOCUSIGN_TOKEN_INVALID: 'docusign_token_invalid',
  DOCUSIGN_WRONG_ENVIRONMENT: 'docusign_wrong_environment',
  DOCUSIGN_CONSENT_REQUIRED: 'docusign_consent_required',
  DOCUSIGN_WRONG_SITE: 'docusign_wrong_site',
  DOCUSIGN_HOURLY_LIMIT: 'docusign_hourly_limit',
  DOCUSIGN_RATE_LIMITED: 'docusign_rate_limited',
  DOCUSIGN_UNAVAILABLE: 'docusign_unavailable',
  DOCUSIGN_REJECTED: 'docusign_rejected',
  // Organization sending (JWT grant as the tenant's system user); all answered with status 424.
  /** The system user has not consented (or consent was withdrawn): the message carries the consent URL. */
  DOCUSIGN_USER_NOT_FOUND: 'docusign_user_not_found',
  DOCUSIGN_KEY_NOT_REGISTERED: 'docusign_key_not_registered',
  DOCUSIGN_CLOCK_SKEW: 'docusign_clock_skew',
  // Organization members (POST /v1/sessions and member requests).
  /** A member asked for a DocuSign account that is not its tenant's, or its tenant does not send. */
  ACCOUNT_NOT_ALLOWED: 'account_not_allowed',
  /** A member asked for an envelope its tenant did not send through SignBridge. */
  ENVELOPE_NOT_ALLOWED: 'envelope_not_allowed',
  ID_TOKEN_INVALID: 'id_token_invalid',
  ID_TOKEN_WRONG_ISSUER: 'id_token_wrong_issuer',
  ID_TOKEN_WRONG_AUDIENCE: 'id_token_wrong_audience',
  ID_TOKEN_EXPIRED: 'id_token_expired',
  ID_TOKEN_BAD_SIGNATURE: 'id_token_bad_signature',
  ID_TOKEN_ALG_NOT_ALLOWED: 'id_token_alg_not_allowed',
  ID_TOKEN_UNKNOWN_KEY: 'id_token_unknown_key',
  ID_TOKEN_NONCE_MISMATCH: 'id_token_nonce_mismatch',
  ID_TOKEN_NONCE_REPLAYED: 'id_token_nonce_replayed',
  EMAIL_NOT_VERIFIED: 'email_not_verified',
  NO_TENANT_FOR_DOMAIN: 'no_tenant_for_domain',
  WRONG_IDENTITY_PROVIDER: 'wrong_identity_provider',
  UNKNOWN_IDENTITY_PROVIDER: 'unknown_identity_provider',
  /** The identity provider could not be reached to check an ID token (its discovery or JWKS). */
  IDENTITY_PROVIDER_UNREACHABLE: 'identity_provider_unreachable',
  // Fields, templates and phone delivery (issue 13).
  /** A field (DocuSign tab) that does not fit its document: no such document or page, or off the page. */
  FIELD_INVALID: 'field_invalid',
  /** The DocuSign account has no template with that id (or the caller may not use it). */
  TEMPLATE_NOT_FOUND: 'template_not_found',
  /** A role the template does not have, a role left without a signer, or a text field it lacks. */
  TEMPLATE_ROLE_INVALID: 'template_role_invalid',
  /** A phone number that is not one (SMS delivery or SMS/phone authentication). */
  PHONE_INVALID: 'phone_invalid',
  /** The DocuSign account offers no identity-verification workflow for the authentication asked for. */
  AUTH_UNAVAILABLE: 'identity_verification_unavailable',
  // Envelope status (DocuSign Connect) and actions on sent envelopes.
  /** A Connect message without a valid HMAC signature of its account's keys. */
  CONNECT_SIGNATURE_INVALID: 'connect_signature_invalid',
  /** The action does not fit the envelope's state (void a completed envelope, remind a voided one). */
  ENVELOPE_NOT_IN_PROGRESS: 'envelope_not_in_progress',
  /** Too many live status streams open for one caller. */
  TOO_MANY_STREAMS: 'too_many_streams',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
