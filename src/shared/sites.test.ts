import { describe, expect, it } from 'vitest';
import { parseManagedSites, siteOf, sitePattern, sitesToRegister } from './sites.ts';

describe('sites', () => {
  it('a site is the scheme and host of an http(s) URL, every port included', () => {
    expect(siteOf('https://crm.acme.example:8443/opportunity/7?x=1#y')).toBe('https://crm.acme.example');
    expect(siteOf('http://[::1]:5555/a')).toBe('http://[::1]');
    expect(siteOf('http://127.0.0.2:1234/')).toBe('http://127.0.0.2');
    expect(siteOf('chrome://extensions')).toBeNull();
    expect(siteOf('file:///etc/passwd')).toBeNull();
    expect(siteOf('https://user:pw@crm.example/')).toBeNull();
    expect(siteOf('not a url')).toBeNull();
    expect(sitePattern('http://localhost')).toBe('http://localhost/*');
  });

  it('administrator sites: http(s) entries kept once, anything else dropped and reported', () => {
    const warnings: string[] = [];
    expect(parseManagedSites(['https://crm.acme.example/x', 'https://crm.acme.example', 'ftp://x', 7, 'http://dms.local'], (m) => warnings.push(m))).toEqual([
      'https://crm.acme.example',
      'http://dms.local',
    ]);
    expect(warnings).toHaveLength(2);
    expect(parseManagedSites('https://a.example', (m) => warnings.push(m))).toEqual([]);
    expect(parseManagedSites(undefined)).toEqual([]);
  });

  it('registers the user’s and the administrator’s granted sites, never a built-in one', () => {
    const granted = new Set(['https://crm.acme.example', 'http://localhost', 'http://127.0.0.1']);
    expect(
      sitesToRegister(['http://localhost', 'https://not-granted.example', 'http://127.0.0.1'], ['https://crm.acme.example', 'http://localhost'], (s) => granted.has(s)),
    ).toEqual(['http://localhost', 'https://crm.acme.example']);
  });
});
