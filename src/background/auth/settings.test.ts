import { expect, test } from 'vitest';
import { bindingProblem, checkServerUrl, normaliseServerUrl, pickServerUrl } from './settings.ts';
import { installI18n } from '../../../test/support/i18n-stub.ts';

installI18n();

test('normaliseServerUrl accepts https addresses, and http only on loopback', () => {
  expect(normaliseServerUrl(' https://sb.example.com/ ')).toBe('https://sb.example.com');
  expect(normaliseServerUrl('http://127.0.0.1:8787/base/')).toBe('http://127.0.0.1:8787/base');
  expect(normaliseServerUrl('http://localhost:8787')).toBe('http://localhost:8787');
  expect(normaliseServerUrl('http://[::1]:8787')).toBe('http://[::1]:8787');
  expect(normaliseServerUrl('javascript:alert(1)')).toBeNull();
  expect(normaliseServerUrl('https://u:p@sb.example.com')).toBeNull();
  expect(normaliseServerUrl('https://sb.example.com/?x=1')).toBeNull();
  expect(normaliseServerUrl('not a url')).toBeNull();
});

test('an http:// address on another host is refused with a message that says why and what to use', () => {
  const checked = checkServerUrl('http://signbridge.intranet.example/sb/');
  expect(checked.ok).toBe(false);
  expect(!checked.ok && checked.message).toContain('https:// only');
  expect(!checked.ok && checked.message).toContain('Use https://signbridge.intranet.example/sb.');
  expect(checkServerUrl('http://127.0.0.2:8787').ok).toBe(false);
});

test('pickServerUrl: policy, then options, then the build default', () => {
  expect(pickServerUrl('https://policy.example/', 'https://mine.example')).toEqual({
    serverUrl: 'https://policy.example',
    source: 'managed',
    optionsValue: 'https://mine.example',
    problem: null,
  });
  expect(pickServerUrl(undefined, 'https://mine.example')).toMatchObject({ serverUrl: 'https://mine.example', source: 'options' });
  expect(pickServerUrl(undefined, null)).toMatchObject({ serverUrl: 'http://127.0.0.1:8787', source: 'default', problem: null });
});

test("an unusable policy is reported, never replaced by a server the administrator did not choose", () => {
  const bad = pickServerUrl('http://sb.intranet.example', 'https://mine.example');
  expect(bad).toMatchObject({ serverUrl: null, source: 'managed' });
  expect(bad.problem).toContain('administrator');
  expect(bad.problem).toContain('https:// only');
  expect(pickServerUrl(42, 'https://mine.example')).toMatchObject({ serverUrl: null, source: 'managed' });
  // A saved value from before https was required is reported too, not silently replaced by the default.
  expect(pickServerUrl(undefined, 'http://sb.intranet.example')).toMatchObject({ serverUrl: null, source: 'options' });
});

test('a release build has no default server and says where to set one', () => {
  const none = pickServerUrl(undefined, null, null);
  expect(none).toMatchObject({ serverUrl: null, source: 'default' });
  expect(none.problem).toContain("SignBridge's options");
});

test('a login may be used only with the server it was linked through', () => {
  const settings = pickServerUrl(undefined, 'https://new.example');
  expect(bindingProblem('https://new.example', settings)).toBeNull();
  const moved = bindingProblem('https://old.example', settings);
  expect(moved).toContain('linked through the SignBridge server https://old.example');
  expect(moved).toContain('Reconnect');
});
