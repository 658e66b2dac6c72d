import { describe, expect, test } from 'vitest';
import { sendingAsLabel } from '../../shared/auth.ts';
import { installI18n } from '../../../test/support/i18n-stub.ts';
import { chooseAccount, loginKeyOf, parseUserInfo, siteOf } from './userinfo.ts';

const raw = {
  sub: 'a1',
  name: 'Alice Adams',
  given_name: 'Alice',
  email: 'alice@example.com',
  accounts: [
    { account_id: 'us', account_name: 'Adams (US)', base_uri: 'https://na2.docusign.net', is_default: true },
    { account_id: 'eu', account_name: 'Adams (EU)', base_uri: 'https://eu1.docusign.net', is_default: 'false' },
  ],
};

describe('parseUserInfo', () => {
  test('maps DocuSign userinfo to accounts with sites and default flags', () => {
    expect(parseUserInfo(raw)).toEqual({
      sub: 'a1',
      name: 'Alice Adams',
      email: 'alice@example.com',
      accounts: [
        { accountId: 'us', name: 'Adams (US)', site: 'na2', baseUri: 'https://na2.docusign.net', isDefault: true },
        { accountId: 'eu', name: 'Adams (EU)', site: 'eu1', baseUri: 'https://eu1.docusign.net', isDefault: false },
      ],
    });
  });

  test('refuses a shape it does not know', () => {
    expect(parseUserInfo({ ...raw, sub: '' })).toBeNull();
    expect(parseUserInfo({ ...raw, accounts: [{ account_id: 'x' }] })).toBeNull();
    expect(parseUserInfo('nope')).toBeNull();
  });
});

test('siteOf reads DocuSign hosts and simulator paths', () => {
  expect(siteOf('https://demo.docusign.net')).toBe('demo');
  expect(siteOf('http://127.0.0.1:9000/sites/na2')).toBe('na2');
  expect(siteOf('http://127.0.0.1:9000/eu1/restapi')).toBe('eu1');
  expect(siteOf('http://127.0.0.1:9000')).toBe('127.0.0.1:9000');
});

test('chooseAccount keeps a still-valid choice, else the default, else the first', () => {
  const accounts = parseUserInfo(raw)?.accounts ?? [];
  expect(chooseAccount(accounts, 'eu')).toBe('eu');
  expect(chooseAccount(accounts, 'gone')).toBe('us');
  expect(chooseAccount(accounts, undefined)).toBe('us');
  expect(chooseAccount(accounts.map((a) => ({ ...a, isDefault: false })), undefined)).toBe('us');
  expect(chooseAccount([], undefined)).toBeUndefined();
});

test('logins are keyed by account server origin and sub', () => {
  expect(loginKeyOf('https://account-d.docusign.com/', 'a1')).toBe('https://account-d.docusign.com#a1');
  expect(loginKeyOf('https://account.docusign.com', 'a1')).not.toBe(loginKeyOf('https://account-d.docusign.com', 'a1'));
});

test('sendingAsLabel names the person, account and environment', () => {
  installI18n();
  const alice = parseUserInfo(raw);
  const login = alice && { ...alice, accountServer: 'https://account-d.docusign.com' };
  expect(login && sendingAsLabel(login, 'eu')).toBe('Sending as Alice Adams · Adams (EU) · DocuSign developer environment');
  expect(login && sendingAsLabel(login, 'gone')).toBeNull();
});
