/**
 * The request being served, for code far from the handler (the DocuSign client) without threading it
 * through every call: Node's AsyncLocalStorage follows the request across awaits and timers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<{ requestId: string }>();

export const withRequest = <T>(requestId: string, run: () => T): T => storage.run({ requestId }, run);

/** Our request id of the request this code runs for, if any. */
export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/** A request id the caller sent (`X-Request-Id`) is kept when it is a plain token; otherwise we make one. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
