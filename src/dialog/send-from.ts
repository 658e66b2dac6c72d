/**
 * The "Send from" choice in words a person understands: each linked login is a group named after the
 * person, each of its accounts "Adams Ltd — DocuSign production"; the organization's accounts ("Adams
 * Consulting · organization") follow when the server lets this member send as it. Accounts are named by
 * the worker (`label`, shared/auth.ts), as in the popup: DocuSign's site code only where two accounts
 * share a name. Pure: the other words come from `t`.
 */
import type { AuthStatus, LoginView } from '../shared/auth.ts';
import { environmentLabel } from '../shared/environment-label.ts';
import { t } from '../shared/i18n.ts';

export interface SendFromOption {
  /** `JSON.stringify([loginKey, accountId])`: the select's value. */
  value: string;
  loginKey: string;
  accountId: string;
  label: string;
}

export interface SendFromGroup {
  /** Who sends: the person (and e-mail) of a login, or the member for the organization. */
  label: string;
  /** The person alone, for the one-line form ("Send from Dana Diaz: Adams Consulting · organization"). */
  who: string;
  options: SendFromOption[];
}

/** The environment in the same words as the popup's (production, developer, the simulator on this computer). */
export const environmentOf = (login: Pick<LoginView, 'accountServer'>): string => environmentLabel(login.accountServer);

export const optionValue = (loginKey: string, accountId: string): string => JSON.stringify([loginKey, accountId]);

export function sendFromGroups(auth: Pick<AuthStatus, 'logins' | 'member'>): SendFromGroup[] {
  const groups: SendFromGroup[] = auth.logins
    .filter((login) => login.accounts.length > 0)
    .map((login) => ({
      label: t('dialog_loginGroup', login.name, login.email),
      who: login.name,
      options: login.accounts.map((a) => ({
        value: optionValue(login.key, a.accountId),
        loginKey: login.key,
        accountId: a.accountId,
        label: t('dialog_accountOption', a.label, environmentOf(login)),
      })),
    }));
  const org = auth.member.organization;
  if (org && org.sendAs.length > 0) {
    groups.push({
      label: t('dialog_orgGroup', org.member.name, org.tenant.name),
      who: org.member.name,
      options: org.sendAs.map((a) => ({
        value: optionValue(org.key, a.accountId),
        loginKey: org.key,
        accountId: a.accountId,
        label: a.label,
      })),
    });
  }
  return groups;
}
