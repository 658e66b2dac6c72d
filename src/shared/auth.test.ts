import { expect, test } from 'vitest';
import { installI18n } from '../../test/support/i18n-stub.ts';
import {
  isOrganizationKey,
  organizationAccountLabel,
  organizationChoice,
  organizationSendingAsLabel,
  environmentLabel,
  resolveSelection,
  sendFromOptions,
  sendingAsLabel,
  withLabels,
} from './auth.ts';

installI18n();

const account = (accountId: string) => ({ accountId, name: accountId, site: 'na2', baseUri: 'https://na2.docusign.net', isDefault: false, label: accountId });
const alice = { key: 'alice', accounts: [account('us'), account('eu')], accountId: 'eu' };
const bob = { key: 'bob', accounts: [account('realty')], accountId: 'realty' };

test('the globally selected login with its chosen account, else the first login', () => {
  expect(resolveSelection([alice, bob], 'bob', undefined)).toEqual({ selection: { loginKey: 'bob', accountId: 'realty' }, forSite: false });
  expect(resolveSelection([alice, bob], 'gone', undefined)).toEqual({ selection: { loginKey: 'alice', accountId: 'eu' }, forSite: false });
  expect(resolveSelection([], null, undefined)).toBeNull();
});

test("a site's remembered choice wins while it still names a linked login and one of its accounts", () => {
  expect(resolveSelection([alice, bob], 'bob', { loginKey: 'alice', accountId: 'us' })).toEqual({
    selection: { loginKey: 'alice', accountId: 'us' },
    forSite: true,
  });
  expect(resolveSelection([alice, bob], 'bob', { loginKey: 'alice', accountId: 'closed' })?.forSite).toBe(false);
  expect(resolveSelection([bob], 'bob', { loginKey: 'alice', accountId: 'us' })?.selection.loginKey).toBe('bob');
});

const org = {
  key: 'organization:adams',
  identityProviderId: 'adams',
  tenant: { id: 'adams', name: 'Adams Consulting' },
  member: { sub: 'dana', email: 'dana@adams.example', name: 'Dana Diaz' },
  sendAs: [{ accountId: 'adams-us', accountName: 'Adams Consulting (US)', site: 'na2', label: 'Adams Consulting · organization' }],
  state: 'active' as const,
  expiresAt: 0,
};
const login = (key: string, name: string, accounts: string[]) => ({
  key,
  accountServer: 'https://account-d.docusign.com',
  name,
  email: `${key}@example.com`,
  status: 'connected' as const,
  accounts: accounts.map(account),
  accountId: accounts[0] ?? '',
  accountsReadAt: 0,
});

test('"Send from" lists own accounts first, then the organization when the server offers it', () => {
  const logins = [login('alice', 'Alice Adams', ['us', 'eu'])];
  expect(sendFromOptions({ logins, member: { organization: org } })).toEqual([
    { loginKey: 'alice', accountId: 'us', label: 'Alice Adams · us · DocuSign developer environment', kind: 'login' },
    { loginKey: 'alice', accountId: 'eu', label: 'Alice Adams · eu · DocuSign developer environment', kind: 'login' },
    { loginKey: 'organization:adams', accountId: 'adams-us', label: 'Adams Consulting · organization', kind: 'organization' },
  ]);
  // A member with no DocuSign login: the organization alone.
  expect(sendFromOptions({ logins: [], member: { organization: org } }).map((o) => o.label)).toEqual(['Adams Consulting · organization']);
  // Not offered (organization sending off): nothing to list for it.
  expect(sendFromOptions({ logins, member: { organization: { ...org, sendAs: [] } } }).map((o) => o.kind)).toEqual(['login', 'login']);
  expect(sendFromOptions({ logins, member: { organization: null } })).toHaveLength(2);
});

test('labels name the account and the environment in words; a site code only tells twins apart', () => {
  const twins = { ...login('alice', 'Alice Adams', ['us', 'eu']), accountServer: 'https://account.docusign.com' };
  twins.accounts = twins.accounts.map((a, i) => ({ ...a, name: 'Adams Consulting', site: i === 0 ? 'na2' : 'eu1' }));
  expect(sendingAsLabel(twins, 'eu')).toBe('Sending as Alice Adams · Adams Consulting (eu1) · DocuSign production');
  const alone = { ...twins, accounts: twins.accounts.slice(0, 1) };
  expect(sendingAsLabel(alone, 'us')).toBe('Sending as Alice Adams · Adams Consulting · DocuSign production');
  expect(environmentLabel('http://127.0.0.1:8788')).toBe('DocuSign simulator on this computer');
  expect(sendingAsLabel(alone, 'gone')).toBeNull();
});

test("the worker's labels: an account's name, with its site code only where another account has the same name", () => {
  const accounts = [
    { accountId: '1', name: 'Adams Consulting', site: 'na2' },
    { accountId: '2', name: 'Adams Consulting', site: 'eu1' },
    { accountId: '3', name: 'Adams Realty', site: 'na2' },
  ];
  expect(withLabels(accounts).map((a) => a.label)).toEqual(['Adams Consulting (na2)', 'Adams Consulting (eu1)', 'Adams Realty']);
  expect(withLabels([{ accountId: 'x', name: 'Solo', site: 'demo' }])).toEqual([{ accountId: 'x', name: 'Solo', site: 'demo', label: 'Solo' }]);
});

test('several organization accounts are told apart by name', () => {
  const two = { ...org, sendAs: [...org.sendAs, { accountId: 'adams-eu', accountName: 'Adams Consulting (EU)', site: 'eu1', label: 'Adams Consulting (EU)' }] };
  expect(organizationAccountLabel(two, 'adams-eu')).toBe('Adams Consulting · organization (Adams Consulting (EU))');
  const twins = { ...org, sendAs: [{ accountId: 'a', accountName: 'Adams', site: 'na2' }, { accountId: 'b', accountName: 'Adams', site: 'eu1' }] };
  expect(organizationAccountLabel(twins, 'b')).toBe('Adams Consulting · organization (Adams (eu1))');
  expect(organizationSendingAsLabel(org, 'adams-us')).toBe('Sending as Dana Diaz · Adams Consulting · organization');
  expect(organizationSendingAsLabel(org, 'elsewhere')).toBeNull();
});

test('the organization is chosen like a login: after own logins, and only while it offers an account', () => {
  const choice = organizationChoice(org);
  expect(choice).toEqual({ key: 'organization:adams', accounts: org.sendAs, accountId: 'adams-us' });
  expect(organizationChoice({ ...org, sendAs: [] })).toBeNull();
  expect(resolveSelection(choice ? [choice] : [], null, undefined)?.selection).toEqual({ loginKey: 'organization:adams', accountId: 'adams-us' });
  expect(resolveSelection(choice ? [alice, choice] : [], null, undefined)?.selection.loginKey).toBe('alice');
  expect(resolveSelection(choice ? [alice, choice] : [], 'organization:adams', undefined)?.selection.loginKey).toBe('organization:adams');
  expect(isOrganizationKey('organization:adams')).toBe(true);
  expect(isOrganizationKey('https://account-d.docusign.com#sub')).toBe(false);
});
