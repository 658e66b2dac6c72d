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
  // Sending documents (content script, dialog, worker).
  SESSION_EXPIRED: 'session_expired',
  NOT_LINKED: 'not_linked',
  SERVER_UNREACHABLE: 'server_unreachable',
  SEND_FAILED: 'send_failed',
  // Server API.
  BAD_REQUEST: 'bad_request',
  NOT_FOUND: 'not_found',
  PAYLOAD_TOO_LARGE: 'payload_too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
