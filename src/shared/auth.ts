/**
 * What extension pages (popup, send dialog, options) see of linked DocuSign logins. No token, code or
 * verifier ever appears in these types: tokens stay in the service worker (src/background/auth).
 */
import { DEFAULT_SERVER_URL } from './build.ts';
import { environmentLabel } from './environment-label.ts';
import { t } from './i18n.ts';

export interface AccountView {
  accountId: string;
  name: string;
  /** The DocuSign site the account lives on (`na2`, `eu1`, `demo`), derived from its base URI. */
  site: string;
  /** Where the account's eSignature API lives (append `/restapi`). */
  baseUri: string;
  isDefault: boolean;
}

/** An account as pages see it: with `label`, its name as people read it (`accountLabel`), made in the worker. */
export interface AccountChoice extends AccountView {
  label: string;
}

export type LoginStatus = 'connected' | 'needs_reconnect';

export interface LoginView {
  /** Account server + `sub`: the same person on demo and production is two logins. */
  key: string;
  accountServer: string;
  name: string;
  email: string;
  status: LoginStatus;
  accounts: AccountChoice[];
  /** The account sends go from for this login (the default one until the user picks another). */
  accountId: string;
  accountsReadAt: number;
  /** Why a `needs_reconnect` login cannot be used (say, the server changed since it was linked). */
  problem?: string;
}

export type NoticeKind = 'success' | 'info' | 'error';

/** The outcome of the last linking attempt, kept until the user dismisses it or starts another. */
export interface Notice {
  kind: NoticeKind;
  code: string;
  message: string;
  at: number;
  /** The login it is news of ("Connected as Alice"): good news ends when that login needs reconnecting. */
  loginKey?: string | undefined;
}

export interface Selection {
  loginKey: string;
  accountId: string;
}

/** An organization's account a member sends from (the tenant's system user sends). */
export interface OrganizationAccountView {
  accountId: string;
  accountName: string;
  site: string;
  /** The name as people read it ("Adams Consulting · organization"), made in the worker (`organizationAccountLabel`). */
  label: string;
}

/** The organization a member signed in to with their company's identity provider. No secret here. */
export interface OrganizationView {
  /** `organization:<tenant id>`: stands where a login key stands in a selection. */
  key: string;
  identityProviderId: string;
  tenant: { id: string; name: string };
  member: { sub: string; email: string; name: string };
  /** Empty when the organization does not let members send as the organization. */
  sendAs: OrganizationAccountView[];
  /** `expired`: the session ran out, was revoked or the browser restarted; "Sign in again". */
  state: 'active' | 'expired';
  expiresAt: number;
}

export interface MemberStatus {
  organization: OrganizationView | null;
  /** A member sign-in tab is open, for this identity provider. */
  pendingProvider: string | null;
  notice: Notice | null;
}

export interface AuthStatus {
  logins: LoginView[];
  /** The member sign-in: who is signed in to which organization, a pending sign-in, its last outcome. */
  member: MemberStatus;
  /** What a send would use: the site's remembered choice when asked for a site that has one, else the global one. */
  selected: Selection | null;
  /** True when `selected` comes from the choice remembered for the site asked about. */
  selectedForSite: boolean;
  /** "Sending as <name> · <account> · <environment>" for the selection (sendingAsLabel), or null when nothing is linked. */
  sendingAs: string | null;
  /** A sign-in tab is open and SignBridge is waiting for DocuSign's answer. */
  pending: boolean;
  notice: Notice | null;
}

export type ServerUrlSource = 'managed' | 'options' | 'default';

export { DEFAULT_SERVER_URL, environmentLabel };

export interface ServerSettings {
  /** Null when no usable server is set (a release build has no default); `problem` then says why. */
  serverUrl: string | null;
  source: ServerUrlSource;
  /** The value saved on the options page, shown even when a policy overrides it. */
  optionsValue: string | null;
  problem: string | null;
}

/**
 * An account as people read it: its name, and DocuSign's site code (`na2`) only where two accounts of
 * the login share a name and nothing else tells them apart.
 */
export function accountLabel(login: { accounts: readonly Pick<AccountView, 'accountId' | 'name'>[] }, account: Pick<AccountView, 'accountId' | 'name' | 'site'>): string {
  return siteIfTwin(login.accounts, account, (a) => a.name);
}

/** `name`, with the site code added when another account of `all` has the same name. */
function siteIfTwin<T extends { accountId: string }>(all: readonly T[], account: T & { site: string }, name: (a: T) => string): string {
  const twin = all.some((a) => a.accountId !== account.accountId && name(a) === name(account));
  return twin ? `${name(account)} (${account.site})` : name(account);
}

/**
 * A login's accounts with their `label` (`accountLabel`): the worker adds it, so the popup and the dialog
 * name an account the same way and the dialog's first load carries no rule for it.
 */
export function withLabels<T extends Pick<AccountView, 'accountId' | 'name' | 'site'>>(all: readonly T[]): (T & { label: string })[] {
  return all.map((a) => ({ ...a, label: accountLabel({ accounts: all }, a) }));
}

/** "Sending as Alice Adams · Adams Consulting (US) · DocuSign production". */
export function sendingAsLabel(login: Pick<LoginView, 'name' | 'accountServer'> & { accounts: readonly AccountView[] }, accountId: string): string | null {
  const account = login.accounts.find((a) => a.accountId === accountId);
  return account ? t('popup_sendingAs', login.name, accountLabel(login, account), environmentLabel(login.accountServer)) : null;
}

/**
 * Which login and account a send uses: the choice remembered for the site (when it still names a linked
 * login and one of its accounts), else the globally selected login (or the first) with its chosen account.
 */
export function resolveSelection(
  logins: readonly { key: string; accounts: readonly { accountId: string }[]; accountId: string }[],
  globalKey: string | null,
  siteChoice: Selection | undefined,
): { selection: Selection; forSite: boolean } | null {
  if (siteChoice) {
    const login = logins.find((l) => l.key === siteChoice.loginKey);
    if (login?.accounts.some((a) => a.accountId === siteChoice.accountId)) return { selection: siteChoice, forSite: true };
  }
  const login = logins.find((l) => l.key === globalKey) ?? logins[0];
  return login ? { selection: { loginKey: login.key, accountId: login.accountId }, forSite: false } : null;
}

export const ORGANIZATION_KEY_PREFIX = 'organization:';

export const isOrganizationKey = (key: string): boolean => key.startsWith(ORGANIZATION_KEY_PREFIX);

/** "Adams Consulting · organization" (with the account's name when the organization offers several). */
export function organizationAccountLabel(org: Pick<OrganizationView, 'tenant'> & { sendAs: readonly Omit<OrganizationAccountView, 'label'>[] }, accountId: string): string {
  const account = org.sendAs.find((a) => a.accountId === accountId);
  return org.sendAs.length > 1 && account
    ? t('member_organizationAccountNamed', org.tenant.name, siteIfTwin(org.sendAs, account, (a) => a.accountName))
    : t('member_organizationAccount', org.tenant.name);
}

/** The organization as a selectable "login" whose accounts are the ones it lets members send from. */
export function organizationChoice(org: OrganizationView | null) {
  const first = org?.sendAs[0];
  return org && first ? { key: org.key, accounts: org.sendAs, accountId: first.accountId } : null;
}

export interface SendFromOption {
  loginKey: string;
  accountId: string;
  label: string;
  kind: 'login' | 'organization';
}

/**
 * The dialog's "Send from" list: every account of every linked login, then the organization's
 * accounts when the server lets this member send as the organization.
 */
export function sendFromOptions(status: Pick<AuthStatus, 'logins'> & { member: Pick<MemberStatus, 'organization'> }): SendFromOption[] {
  const own = status.logins.flatMap((l) =>
    l.accounts.map((a) => ({
      loginKey: l.key,
      accountId: a.accountId,
      label: t('popup_sendFromOption', l.name, a.label, environmentLabel(l.accountServer)),
      kind: 'login' as const,
    })),
  );
  const org = status.member.organization;
  const organization = (org?.sendAs ?? []).map((a) => ({
    loginKey: org?.key ?? '',
    accountId: a.accountId,
    label: a.label,
    kind: 'organization' as const,
  }));
  return [...own, ...organization];
}

/** "Sending as Dana Diaz · Adams Consulting · organization". */
export function organizationSendingAsLabel(org: OrganizationView, accountId: string): string | null {
  const account = org.sendAs.find((a) => a.accountId === accountId);
  return account ? t('member_sendingAs', org.member.name, account.label) : null;
}
