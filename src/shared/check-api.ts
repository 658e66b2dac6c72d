/**
 * `POST /v1/check`: the connection check of a linked DocuSign login, as the server answers it and the
 * popup shows it ("Test connection"). Codes and values only: the popup words each step in the user's
 * language (`admin_check_*` messages). The token never appears in it.
 */
export const USER_CHECK_STEPS = ['token', 'userinfo', 'membership', 'base_uri', 'esign', 'rate_limit'] as const;
export type UserCheckStepId = (typeof USER_CHECK_STEPS)[number];
export type UserCheckStatus = 'passed' | 'warning' | 'failed' | 'skipped';

export type UserCheckCause =
  | 'token_refused'
  | 'docusign_unreachable'
  | 'user_not_member'
  | 'base_uri_moved'
  | 'esign_call_failed'
  | 'rate_limit_nearly_spent'
  | 'rate_limit_unknown';

export interface UserCheckStep {
  id: UserCheckStepId;
  status: UserCheckStatus;
  cause?: UserCheckCause;
  /** What the words need: account name, calls left, the hour's limit, when it resets (HH:MM UTC), HTTP status. */
  values?: Partial<Record<'account' | 'remaining' | 'limit' | 'reset' | 'http' | 'accounts', string>>;
}

export interface UserCheckRequest {
  accountId: string;
  /** The base URI the extension has for the account, to tell whether DocuSign moved it since. */
  baseUri: string;
}

export interface UserCheckReport {
  ok: boolean;
  steps: UserCheckStep[];
}
