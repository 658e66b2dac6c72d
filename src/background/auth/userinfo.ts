/**
 * DocuSign's `/oauth/userinfo` answer, validated, and the pure rules built on it: which site an
 * account lives on, which account is preselected, how logins are keyed. No browser API here.
 */
import * as v from 'valibot';
import type { AccountView } from '../../shared/auth.ts';

const UserInfoSchema = v.object({
  sub: v.pipe(v.string(), v.minLength(1)),
  name: v.string(),
  email: v.string(),
  accounts: v.array(
    v.object({
      account_id: v.pipe(v.string(), v.minLength(1)),
      account_name: v.string(),
      base_uri: v.pipe(v.string(), v.url()),
      // DocuSign sends a boolean; its Node SDK turns it into "true"/"false", so accept both.
      is_default: v.union([v.boolean(), v.picklist(['true', 'false'])]),
    }),
  ),
});

export interface UserInfo {
  sub: string;
  name: string;
  email: string;
  accounts: AccountView[];
}

/** `https://na2.docusign.net` → `na2`; anything else (the simulator) → the last path segment or the host. */
export function siteOf(baseUri: string): string {
  const url = new URL(baseUri);
  if (url.hostname.endsWith('.docusign.net')) return url.hostname.split('.')[0] ?? url.hostname;
  const segments = url.pathname.split('/').filter((s) => s !== '' && s !== 'restapi');
  return segments.at(-1) ?? url.host;
}

export function parseUserInfo(raw: unknown): UserInfo | null {
  const parsed = v.safeParse(UserInfoSchema, raw);
  if (!parsed.success) return null;
  const { sub, name, email, accounts } = parsed.output;
  return {
    sub,
    name,
    email,
    accounts: accounts.map((a) => ({
      accountId: a.account_id,
      name: a.account_name,
      site: siteOf(a.base_uri),
      baseUri: a.base_uri,
      isDefault: a.is_default === true || a.is_default === 'true',
    })),
  };
}

/** Keep the user's earlier choice while that account still exists; else DocuSign's default; else the first. */
export function chooseAccount(accounts: readonly AccountView[], previous: string | undefined): string | undefined {
  if (previous !== undefined && accounts.some((a) => a.accountId === previous)) return previous;
  return (accounts.find((a) => a.isDefault) ?? accounts[0])?.accountId;
}

/** Logins are keyed by account server and subject: the same person on demo and production is two logins. */
export function loginKeyOf(accountServer: string, sub: string): string {
  return `${new URL(accountServer).origin}#${sub}`;
}

/**
 * The account server a login key names, when the login's record agrees with it; else null. The
 * vault binds a refresh token to its login key, so the key, not the record, says where that token
 * may go: a record changed to name another host gets nothing sent anywhere.
 */
export function accountServerOfKey(loginKey: string, record: { accountServer: string }): string | null {
  const cut = loginKey.indexOf('#');
  if (cut <= 0) return null;
  const named = loginKey.slice(0, cut);
  try {
    return new URL(named).origin === named && new URL(record.accountServer).origin === named ? named : null;
  } catch {
    return null;
  }
}
