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
  NEEDS_RECONNECT: 'needs_reconnect',
  SERVER_UNREACHABLE: 'server_unreachable',
  AUTH_UNREACHABLE: 'auth_unreachable',
  AUTH_FAILED: 'auth_failed',
  INVALID_SETTING: 'invalid_setting',
  // Server API.
  BAD_REQUEST: 'bad_request',
  NOT_FOUND: 'not_found',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
