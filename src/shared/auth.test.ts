import { expect, test } from 'vitest';
import { resolveSelection } from './auth.ts';

const account = (accountId: string) => ({ accountId, name: accountId, site: 'na2', baseUri: 'https://na2.docusign.net', isDefault: false });
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
