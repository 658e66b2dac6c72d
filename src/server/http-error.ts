/**
 * An error the server answers with: a stable code, the HTTP status and a message for the user.
 * Thrown anywhere in a handler; `app.onError` turns it into `{ error: { code, message, retryAt? } }`.
 */
import type { ErrorCode } from '../shared/errors.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ErrorCode;
  readonly status: number;
  /** When trying again makes sense (rate limits), ISO 8601. */
  readonly retryAt: string | undefined;
  constructor(status: number, code: ErrorCode, message: string, retryAt?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAt = retryAt;
  }
}
