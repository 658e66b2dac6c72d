/**
 * The sender-credentials seam: (caller, accountId) → what a DocuSign eSignature call needs (an access
 * token and the account's base_uri, which only ever comes from /oauth/userinfo), for both modes. Routes
 * call `forAccount` and never see whose token it is or how it was obtained. `forAccount` decides whether
 * the caller may use the account without calling DocuSign; the token is fetched by `context()`.
 *
 * - A linked login sends with its own token, to an account its userinfo lists.
 * - A member sends as its tenant's system user (JWT grant, `org` below), only to its tenant's account;
 *   any other account is refused before any DocuSign call.
 */
import { ErrorCodes } from '../shared/errors.ts';
import type { Caller } from './caller.ts';
import { DocuSignError, type ApiContext } from './docusign.ts';
import { ApiError } from './http-error.ts';
import { findAccount, type Identity } from './identity.ts';

export interface Sender {
  /** The account, as DocuSign spells its id. Known without any DocuSign call. */
  accountId: string;
  /** Token and base_uri, obtained only when a DocuSign call is about to be made (a JWT grant for members). */
  context(): Promise<ApiContext>;
  /** A DocuSign call with these credentials answered 401: find out why and throw the precise ApiError. */
  rejected(error: DocuSignError): Promise<never>;
}

/** Credentials for organization members; absent when no tenant sends as an organization. */
export interface OrgCredentials {
  forMember(caller: Extract<Caller, { kind: 'member' }>, accountId: string): Promise<Sender>;
}

export interface SenderCredentials {
  forAccount(caller: Caller, accountId: string): Promise<Sender>;
}

export const accountNotAllowed = (): ApiError =>
  new ApiError(403, ErrorCodes.ACCOUNT_NOT_ALLOWED, 'Your organization does not send from that DocuSign account through SignBridge.');

export function createSenderCredentials(deps: { identity: Identity; org?: OrgCredentials | undefined }): SenderCredentials {
  return {
    async forAccount(caller, accountId) {
      if (caller.kind === 'member') {
        if (deps.org === undefined) throw accountNotAllowed();
        return deps.org.forMember(caller, accountId);
      }
      const account = findAccount(caller.user, accountId);
      const ctx: ApiContext = { token: caller.token, baseUri: account.baseUri, accountId: account.accountId };
      return {
        accountId: account.accountId,
        context: () => Promise.resolve(ctx),
        rejected: (error) => deps.identity.explainRejection(caller.token, error),
      };
    },
  };
}

/** Runs a DocuSign call with the sender's credentials; a 401 is explained by whoever issued them. */
export async function withSender<T>(sender: Sender, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DocuSignError && error.status === 401) return sender.rejected(error);
    throw error;
  }
}
