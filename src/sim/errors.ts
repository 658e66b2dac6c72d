/** DocuSign's two error dialects: eSignature `{ errorCode, message }` and OAuth `{ error, error_description }`. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { SimEnv } from './env.ts';

export class EsignError extends Error {
  readonly status: ContentfulStatusCode;
  readonly errorCode: string;
  constructor(status: ContentfulStatusCode, errorCode: string, message: string) {
    super(message);
    this.name = 'EsignError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

export const esignError = (status: ContentfulStatusCode, errorCode: string, message: string): EsignError =>
  new EsignError(status, errorCode, message);

export function esignErrorResponse(c: Context<SimEnv>, error: EsignError): Response {
  c.set('errorCode', error.errorCode);
  return c.json({ errorCode: error.errorCode, message: error.message }, error.status);
}

/** Observed DocuSign errors, named once so every module refuses with the same words. */
export const Errors = {
  // 401 when no or a non-bearer Authorization header is sent; observed for calls through the wrong site
  // too (docusign-esign-csharp-client#138: USER_AUTHENTICATION_FAILED until www was switched to na2).
  authFailed: () => esignError(401, 'USER_AUTHENTICATION_FAILED', 'One or both of Username and Password are invalid. Invalid access token'),
  invalidToken: () => esignError(401, 'AUTHORIZATION_INVALID_TOKEN', 'The access token provided is expired, revoked or malformed.'),
  // UNCONFIRMED (status): DocuSign's message for a user outside the account; 400 is the most plausible status.
  notMember: () =>
    esignError(400, 'USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT', 'The specified User is not a member of the specified Account.'),
  // UNCONFIRMED: a token without the `signature` scope.
  missingScope: () => esignError(401, 'AUTHORIZATION_INVALID_TOKEN', 'The access token does not carry the signature scope.'),
  badBody: (detail: string) =>
    esignError(400, 'INVALID_REQUEST_BODY', `The request body is missing or improperly formatted. ${detail}`),
  // UNCONFIRMED status: DocuSign answers most refusals with 400.
  envelopeMissing: () => esignError(400, 'ENVELOPE_DOES_NOT_EXIST', 'The envelope specified either does not exist or you have no rights to it.'),
  lacksPermissions: () => esignError(400, 'USER_LACKS_PERMISSIONS', 'This user lacks sufficient permissions to access this resource.'),
  invalidParameter: (detail: string) => esignError(400, 'INVALID_REQUEST_PARAMETER', `The request contained at least one invalid parameter. ${detail}`),
} as const;

export function oauthError(c: Context<SimEnv>, error: string, description?: string, status: ContentfulStatusCode = 400): Response {
  c.set('errorCode', error);
  c.header('Cache-Control', 'no-store');
  return c.json(description === undefined ? { error } : { error, error_description: description }, status);
}
