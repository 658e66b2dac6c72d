import type { ErrorCode } from './errors.ts';

/** What crosses a boundary (message, server API): a value or an error the user can act on. Never a throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export interface AppError {
  code: ErrorCode;
  /** Plain words for the user: what happened and what to do next. */
  message: string;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message },
});
