import { expect, test } from 'vitest';
import { normaliseServerUrl, pickServerUrl } from './settings.ts';

test('normaliseServerUrl accepts http(s) addresses only', () => {
  expect(normaliseServerUrl(' https://sb.example.com/ ')).toBe('https://sb.example.com');
  expect(normaliseServerUrl('http://127.0.0.1:8787/base/')).toBe('http://127.0.0.1:8787/base');
  expect(normaliseServerUrl('javascript:alert(1)')).toBeNull();
  expect(normaliseServerUrl('https://u:p@sb.example.com')).toBeNull();
  expect(normaliseServerUrl('https://sb.example.com/?x=1')).toBeNull();
  expect(normaliseServerUrl('not a url')).toBeNull();
});

test('pickServerUrl: policy, then options, then the local default; unusable values skipped', () => {
  expect(pickServerUrl('https://policy.example/', 'https://mine.example')).toEqual({
    serverUrl: 'https://policy.example',
    source: 'managed',
    optionsValue: 'https://mine.example',
  });
  expect(pickServerUrl(42, 'https://mine.example')).toMatchObject({ serverUrl: 'https://mine.example', source: 'options' });
  expect(pickServerUrl('ftp://nope', 'not a url')).toMatchObject({ serverUrl: 'http://127.0.0.1:8787', source: 'default' });
  expect(pickServerUrl(undefined, null)).toMatchObject({ serverUrl: 'http://127.0.0.1:8787', source: 'default' });
});
